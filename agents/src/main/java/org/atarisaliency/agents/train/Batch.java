package org.atarisaliency.agents.train;

import org.atarisaliency.agents.RecurrentState;

/**
 * T steps of N environments, time-major, collected by the actor with the learner's current
 * weights: what one A2C update learns from.
 *
 * @param envs          N
 * @param steps         T
 * @param inputLength   floats per observation (C*S*S)
 * @param observations  [(T+1) * N * inputLength]: the T observations acted on, then the one after
 *                      the last step (for the bootstrap value)
 * @param actions       [T * N] actions taken
 * @param rewards       [T * N] rewards (already clipped if the trainer clips them)
 * @param dones         [T * N] the episode ended with this step: the recurrent state is zeroed
 *                      before the next step and nothing is bootstrapped across the boundary
 * @param start         the recurrent state of the N agents before step 0 (batch N)
 */
public record Batch(int envs, int steps, int inputLength, float[] observations, int[] actions, float[] rewards, boolean[] dones,
                    RecurrentState start) {

    public Batch {
        if (observations.length != (long) (steps + 1) * envs * inputLength || actions.length != steps * envs
                || rewards.length != steps * envs || dones.length != steps * envs || start.batch() != envs) {
            throw new IllegalArgumentException("batch arrays do not match " + steps + " steps x " + envs + " envs x " + inputLength);
        }
    }
}
