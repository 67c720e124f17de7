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
 * @param actorTv      the actor's change on an absolute scale, grid x grid: the total-variation distance
 *                     0.5 * sum_a |pi_a(I) - pi_a(I')| between the action distributions, in [0, 1]
 * @param criticDv     the critic's change in units of return: |V(I) - V(I')|
 */
public record SaliencyMap(int grid, float[] actor, float[] critic, float[] chosen, int action, PolicyOutput output,
                          float[] input, float[] blurred, int inputSize, float[] actorTv, float[] criticDv) {

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

    /** The actor's total-variation map at input resolution. */
    public float[] actorTvUpsampled() {
        return upsample(actorTv, grid, inputSize);
    }

    /** The critic's |dV| map at input resolution. */
    public float[] criticDvUpsampled() {
        return upsample(criticDv, grid, inputSize);
    }

    /** Chosen-action map at input resolution. */
    public float[] chosenUpsampled() {
        return upsample(chosen, grid, inputSize);
    }
}
