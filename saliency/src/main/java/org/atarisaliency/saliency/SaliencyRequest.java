package org.atarisaliency.saliency;

import org.atarisaliency.agents.RecurrentState;

/**
 * One frame to explain and how.
 *
 * @param input      the preprocessed observation (C*S*S floats) at step t
 * @param state      the agent's recurrent state after step t-1 (batch 1)
 * @param stride     grid spacing d in pixels (default 5)
 * @param radius     mask Gaussian sigma r (default 5)
 * @param blurSigma  sigma of the blur B (default 3)
 * @param mode       occlude or searchlight
 * @param batch      perturbations per forward pass on the generic path (bounds memory)
 * @param target     the newest frame only, or the whole frame stack (the state part
 *                   {@value PerturbTarget#FRAMES} too; refused by the engine for other agents)
 */
public record SaliencyRequest(float[] input, RecurrentState state, int stride, double radius, double blurSigma,
                              PerturbationMode mode, int batch, PerturbTarget target) {

    /** Default grid stride. */
    public static final int DEFAULT_STRIDE = 5;
    /** Default mask radius. */
    public static final double DEFAULT_RADIUS = 5;
    /** Default blur sigma. */
    public static final double DEFAULT_BLUR = 3;

    /** Perturbing the newest frame only. */
    public SaliencyRequest(float[] input, RecurrentState state, int stride, double radius, double blurSigma, PerturbationMode mode, int batch) {
        this(input, state, stride, radius, blurSigma, mode, batch, PerturbTarget.NEWEST);
    }

    public SaliencyRequest {
        java.util.Objects.requireNonNull(target, "target");
        if (state.batch() != 1) {
            throw new IllegalArgumentException("saliency explains one frame: state batch must be 1, got " + state.batch());
        }
        if (!(blurSigma >= 0) || Double.isInfinite(blurSigma)) {
            throw new org.atarisaliency.env.InvalidSettingException("blur", "must be a finite number >= 0, got " + blurSigma);
        }
        if (batch < 1) {
            throw new org.atarisaliency.env.InvalidSettingException("batch", "must be >= 1, got " + batch);
        }
    }

    /** The paper's settings: d=5, r=5, blur 3, occlude, batch 257. */
    public static SaliencyRequest of(float[] input, RecurrentState state) {
        return new SaliencyRequest(input, state, DEFAULT_STRIDE, DEFAULT_RADIUS, DEFAULT_BLUR, PerturbationMode.OCCLUDE, 257);
    }

    public SaliencyRequest withStride(int d) {
        return new SaliencyRequest(input, state, d, radius, blurSigma, mode, batch, target);
    }

    public SaliencyRequest withRadius(double r) {
        return new SaliencyRequest(input, state, stride, r, blurSigma, mode, batch, target);
    }

    public SaliencyRequest withMode(PerturbationMode m) {
        return new SaliencyRequest(input, state, stride, radius, blurSigma, m, batch, target);
    }

    public SaliencyRequest withBlur(double sigma) {
        return new SaliencyRequest(input, state, stride, radius, sigma, mode, batch, target);
    }

    public SaliencyRequest withBatch(int b) {
        return new SaliencyRequest(input, state, stride, radius, blurSigma, mode, b, target);
    }

    public SaliencyRequest withTarget(PerturbTarget t) {
        return new SaliencyRequest(input, state, stride, radius, blurSigma, mode, batch, t);
    }
}
