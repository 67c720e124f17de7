package org.atarisaliency.saliency.methods;

import java.util.SplittableRandom;
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * What the methods draw one frame's maps from: the request, the engines, the random stream of the
 * random baseline and the input side. The perturbation and Jacobian maps are computed once, on the
 * first method that asks, and shared by the methods built on them.
 */
public final class MethodInputs {
    private final PerturbationSaliency perturbation;
    private final JacobianSaliency jacobian;
    private final SaliencyRequest request;
    private final SplittableRandom random;
    private final int size;
    private SaliencyMap perturbationMap;
    private JacobianMap jacobianMap;

    /**
     * @param jacobian  null when the policy has no input gradients (methods that need them are skipped)
     * @param size      the policy's input side (maps are size x size)
     */
    public MethodInputs(PerturbationSaliency perturbation, JacobianSaliency jacobian, SaliencyRequest request, SplittableRandom random,
                        int size) {
        this.perturbation = perturbation;
        this.jacobian = jacobian;
        this.request = request;
        this.random = random;
        this.size = size;
    }

    /** The frame and state the maps explain. */
    public SaliencyRequest request() {
        return request;
    }

    /** The perturbation map of the frame (computed on the first call). */
    public SaliencyMap perturbationMap() throws InterruptedException {
        if (perturbationMap == null) {
            perturbationMap = perturbation.compute(request);
        }
        return perturbationMap;
    }

    /** The Jacobian map of the frame (computed on the first call); only for methods that need gradients. */
    public JacobianMap jacobianMap() {
        if (jacobianMap == null) {
            jacobianMap = jacobian.compute(request);
        }
        return jacobianMap;
    }

    /** The random stream of the random baseline (seeded once per run). */
    public SplittableRandom random() {
        return random;
    }

    /** The input side: maps hold size x size values. */
    public int size() {
        return size;
    }
}
