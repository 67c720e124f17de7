package org.atarisaliency.saliency;

import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.env.Resize;

/**
 * Perturbation saliency of one frame.
 *
 * @param grid         score grid points per side (ceil(80/d))
 * @param actor        actor scores, grid x grid: 0.5 * sum_a (logit_a(I) - logit_a(I'))^2
 * @param critic       critic scores: 0.5 * (V(I) - V(I'))^2
 * @param chosen       chosen-action scores: 0.5 * (log pi(a|I) - log pi(a|I'))^2 for the greedy action a of I
 * @param action       that action
 * @param output       the unperturbed output (logits, value, next state)
 * @param input        the preprocessed input I
 * @param blurred      the blurred input B
 * @param inputSize    side of the input (80)
 */
public record SaliencyMap(int grid, float[] actor, float[] critic, float[] chosen, int action, PolicyOutput output,
                          float[] input, float[] blurred, int inputSize) {

    /** A score grid upsampled to the input size with Pillow's bilinear filter (float, no 8-bit step). */
    public static float[] upsample(float[] grid, int g, int size) {
        return Resize.resize(grid, g, g, size, size);
    }

    /** Actor map at input resolution. */
    public float[] actorUpsampled() {
        return upsample(actor, grid, inputSize);
    }

    /** Critic map at input resolution. */
    public float[] criticUpsampled() {
        return upsample(critic, grid, inputSize);
    }

    /** Chosen-action map at input resolution. */
    public float[] chosenUpsampled() {
        return upsample(chosen, grid, inputSize);
    }
}
