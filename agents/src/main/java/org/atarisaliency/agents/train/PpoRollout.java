package org.atarisaliency.agents.train;

import org.atarisaliency.agents.RecurrentState;

/**
 * T steps of N environments collected for one PPO update, time-major (sample {@code t*N + i}), in
 * CleanRL's conventions.
 *
 * @param envs          N
 * @param steps         T
 * @param inputLength   floats per observation (already scaled: x / 255)
 * @param observations  [T * N * inputLength]
 * @param actions       [T * N]
 * @param logProbs      [T * N] log pi(a|s) when acting
 * @param values        [T * N] V(s) when acting
 * @param rewards       [T * N] (clipped if the run clips them)
 * @param starts        [T * N] observation t begins a new episode (CleanRL's {@code dones}): the
 *                      recurrent state is zeroed before it and nothing is bootstrapped across
 * @param nextValue     [N] V of the observation after the last step (the bootstrap)
 * @param nextStarts    [N] that observation begins a new episode (CleanRL's {@code next_done})
 * @param start         the LSTM state (h, c) before step 0, or null for the feed-forward agent
 */
public record PpoRollout(int envs, int steps, int inputLength, float[] observations, int[] actions, float[] logProbs, float[] values,
                      float[] rewards, boolean[] starts, float[] nextValue, boolean[] nextStarts, RecurrentState start) {

    public PpoRollout {
        int b = steps * envs;
        if (observations.length != (long) b * inputLength || actions.length != b || logProbs.length != b || values.length != b
                || rewards.length != b || starts.length != b || nextValue.length != envs || nextStarts.length != envs
                || (start != null && start.batch() != envs)) {
            throw new IllegalArgumentException("rollout arrays do not match " + steps + " steps x " + envs + " envs x " + inputLength);
        }
    }

    /** Advantages and returns (advantage + value), [T * N]. */
    public record Targets(float[] advantages, float[] returns) {
    }

    /** GAE as CleanRL computes it (float32, backwards from the bootstrap value). */
    public Targets targets(double gamma, double lambda) {
        float g = (float) gamma, gl = (float) (gamma * lambda);
        float[] adv = new float[steps * envs], ret = new float[steps * envs];
        for (int i = 0; i < envs; i++) {
            float last = 0f;
            for (int t = steps - 1; t >= 0; t--) {
                int k = t * envs + i;
                boolean nextStart = t == steps - 1 ? nextStarts[i] : starts[k + envs];
                float nextValues = t == steps - 1 ? nextValue[i] : values[k + envs];
                float keep = nextStart ? 0f : 1f;
                float delta = rewards[k] + g * nextValues * keep - values[k];
                last = delta + gl * keep * last;
                adv[k] = last;
                ret[k] = last + values[k];
            }
        }
        return new Targets(adv, ret);
    }
}
