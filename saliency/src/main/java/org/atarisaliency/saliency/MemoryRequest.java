package org.atarisaliency.saliency;

import org.atarisaliency.agents.RecurrentState;

/**
 * One step whose reliance on memory to measure.
 *
 * @param input         the observation at step t
 * @param state         the recurrent state after step t-1 (batch 1): what gets perturbed
 * @param scale         the memory is multiplied by this (the paper: 0.99, i.e. 1% smaller)
 * @param noise         noise standard deviation as a fraction of the state part's RMS
 * @param noiseSamples  noise draws averaged
 * @param seed          seed of the noise
 * @param perUnit       also remove one unit at a time (per-unit importance)
 */
public record MemoryRequest(float[] input, RecurrentState state, double scale, double noise, int noiseSamples, long seed, boolean perUnit) {

    /** The paper's perturbation (scale 0.99) plus removal, noise 10% of RMS x 8 draws, and per-unit scores. */
    public static MemoryRequest of(float[] input, RecurrentState state) {
        return new MemoryRequest(input, state, 0.99, 0.1, 8, 0, true);
    }

    public MemoryRequest {
        if (state.batch() != 1) {
            throw new IllegalArgumentException("memory saliency explains one step: state batch must be 1, got " + state.batch());
        }
        if (!Double.isFinite(scale)) {
            throw new org.atarisaliency.env.InvalidSettingException("memory_scale", "must be a finite number, got " + scale);
        }
        if (!(noise >= 0) || noiseSamples < 0) {
            throw new IllegalArgumentException("noise and noise samples must be >= 0");
        }
    }

    public MemoryRequest withScale(double s) {
        return new MemoryRequest(input, state, s, noise, noiseSamples, seed, perUnit);
    }

    public MemoryRequest withPerUnit(boolean p) {
        return new MemoryRequest(input, state, scale, noise, noiseSamples, seed, p);
    }
}
