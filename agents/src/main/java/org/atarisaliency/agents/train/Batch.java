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
 * @param dones         [T * N] the episode (the game) ended with this step: the recurrent state is zeroed
 *                      before the next step
 * @param terminals     [T * N] the return ends with this step: nothing is bootstrapped across it. Every done is a
 *                      terminal; a run that ends returns at lost lives also marks those (the memory goes on)
 * @param start         the recurrent state of the N agents before step 0 (batch N)
 */
public record Batch(int envs, int steps, int inputLength, float[] observations, int[] actions, float[] rewards, boolean[] dones,
                    boolean[] terminals, RecurrentState start) {

    public Batch {
        if (observations.length != (long) (steps + 1) * envs * inputLength || actions.length != steps * envs
                || rewards.length != steps * envs || dones.length != steps * envs || terminals.length != steps * envs
                || start.batch() != envs) {
            throw new IllegalArgumentException("batch arrays do not match " + steps + " steps x " + envs + " envs x " + inputLength);
        }
        for (int k = 0; k < dones.length; k++) {
            if (dones[k] && !terminals[k]) {
                throw new IllegalArgumentException("step " + k + " ends the episode but not the return");
            }
        }
    }

    /** A batch whose returns end only where the episodes end (terminals = dones). */
    public Batch(int envs, int steps, int inputLength, float[] observations, int[] actions, float[] rewards, boolean[] dones,
                 RecurrentState start) {
        this(envs, steps, inputLength, observations, actions, rewards, dones, dones, start);
    }
}
