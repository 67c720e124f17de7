package org.atarisaliency.agents.play;

import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.EnvState;

/**
 * One agent step of a {@link Rollout}: what the policy saw, what it did, what happened.
 *
 * @param t          step index within the rollout (0 = the first frame)
 * @param frame      the RGB screen the policy saw (210x160x3)
 * @param input      its preprocessed observation
 * @param before     the recurrent state after the previous step (what the policy ran from)
 * @param output     the policy's output on this observation (logits, value, next state)
 * @param action     the action taken
 * @param reward     reward of this step
 * @param score      episode score after this step
 * @param lives      lives after this step
 * @param lifeLost   whether this step cost a life
 * @param gameOver   whether the episode ended with this step
 * @param ram        the console RAM after this step, when the rollout keeps it (else null)
 * @param envState   the emulator state before this step, when the rollout keeps it (else null; the caller closes it)
 */
public record Step(int t, byte[] frame, float[] input, RecurrentState before, PolicyOutput output, int action, double reward,
                   double score, int lives, boolean lifeLost, boolean gameOver, byte[] ram, EnvState envState) {

    /** The recurrent state after this step. */
    public RecurrentState after() {
        return output.next();
    }

    /** The value estimate of this step. */
    public double value() {
        return output.values()[0];
    }
}
