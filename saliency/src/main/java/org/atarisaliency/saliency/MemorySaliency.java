package org.atarisaliency.saliency;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;

/**
 * Memory saliency: perturb the recurrent state instead of the image and measure how much the
 * actor and the critic move (Greydanus et al. 2018, section on memory: the LSTM memory vector
 * shrunk by 1%). All perturbations of a step (scale, removal, noise draws, each unit alone) run
 * in one batched forward from the same observation; for the A3C actor-critic the conv features
 * are computed once ({@link ActorCriticPolicy#forwardStates}).
 */
public final class MemorySaliency {
    /** State parts longer than this are perturbed per frame-sized group, not per value. */
    private static final int MAX_UNITS = 4096;

    private final Policy policy;

    public MemorySaliency(Policy policy) {
        this.policy = policy;
        if (policy.stateNames().isEmpty()) {
            throw new IllegalArgumentException(policy.describe() + " has no memory to perturb");
        }
    }

    /** Scores of one step. */
    public MemoryMap compute(MemoryRequest r) {
        List<String> names = policy.stateNames();
        List<MemoryMap.Part> parts = new ArrayList<>();
        PolicyOutput base = null;
        Random rng = new Random(r.seed());
        for (int p = 0; p < names.size(); p++) {
            int size = r.state().size(p);
            int unitSize = size > MAX_UNITS ? policy.inputSize() * policy.inputSize() : 1;
            int units = r.perUnit() ? size / unitSize : 0;
            // rows: 0 unperturbed, 1 scaled, 2 removed, 3.. noise draws, then one row per unit
            int rows = 3 + r.noiseSamples() + units;
            RecurrentState states = r.state().repeatRow(0, rows);
            float[] target = states.parts().get(p);
            float[] orig = r.state().parts().get(p);
            double rms = 0;
            for (float v : orig) {
                rms += v * v;
            }
            rms = Math.sqrt(rms / size);
            for (int j = 0; j < size; j++) {
                target[size + j] = (float) (orig[j] * r.scale());
                target[2 * size + j] = 0f;
            }
            for (int k = 0; k < r.noiseSamples(); k++) {
                int o = (3 + k) * size;
                for (int j = 0; j < size; j++) {
                    target[o + j] = (float) (orig[j] + rng.nextGaussian() * r.noise() * rms);
                }
            }
            for (int u = 0; u < units; u++) {
                int o = (3 + r.noiseSamples() + u) * size + u * unitSize;
                java.util.Arrays.fill(target, o, o + unitSize, 0f);
            }
            PolicyOutput out = policy instanceof ActorCriticPolicy acp ? acp.forwardStates(r.input(), states) : repeated(r.input(), states);
            if (base == null) {
                int a = out.actions();
                base = new PolicyOutput(1, a, java.util.Arrays.copyOf(out.logits(), a), new float[] {out.values()[0]}, out.next().row(0));
            }
            double noiseA = 0, noiseC = 0;
            for (int k = 0; k < r.noiseSamples(); k++) {
                noiseA += actor(out, 3 + k);
                noiseC += critic(out, 3 + k);
            }
            float[] ua = new float[units], uc = new float[units];
            for (int u = 0; u < units; u++) {
                ua[u] = (float) actor(out, 3 + r.noiseSamples() + u);
                uc[u] = (float) critic(out, 3 + r.noiseSamples() + u);
            }
            int ns = Math.max(1, r.noiseSamples());
            parts.add(new MemoryMap.Part(names.get(p), actor(out, 1), critic(out, 1), actor(out, 2), critic(out, 2),
                    noiseA / ns, noiseC / ns, ua, uc, unitSize, totalVariation(out, 1)));
        }
        return new MemoryMap(base, parts);
    }

    private PolicyOutput repeated(float[] input, RecurrentState states) {
        int n = states.batch();
        float[] x = new float[n * input.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(input, 0, x, i * input.length, input.length);
        }
        return policy.forward(x, states);
    }

    /** 0.5 * sum_a (L_a(row 0) - L_a(row i))^2. */
    private static double actor(PolicyOutput out, int i) {
        int a = out.actions();
        double s = 0;
        for (int j = 0; j < a; j++) {
            double d = out.logits()[j] - out.logits()[i * a + j];
            s += d * d;
        }
        return 0.5 * s;
    }

    /** 0.5 * sum_a |pi_a(row 0) - pi_a(row i)|. */
    private static double totalVariation(PolicyOutput out, int i) {
        double[] p = out.probabilities(0), q = out.probabilities(i);
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            s += Math.abs(p[j] - q[j]);
        }
        return 0.5 * s;
    }

    /** 0.5 * (V(row 0) - V(row i))^2. */
    private static double critic(PolicyOutput out, int i) {
        double d = out.values()[0] - out.values()[i];
        return 0.5 * d * d;
    }
}
