package org.atarisaliency.agents.nets;

import java.util.Random;

/** Networks with random weights for tests (shared with other modules through the test-jar). */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** An LSTM actor-critic with PyTorch's default uniform initialisation (range 1/sqrt(fan_in)). */
    public static ActorCriticWeights randomLstm(int actions, long seed) {
        Random r = new Random(seed);
        int[] ch = {1, 32, 32, 32, 32};
        float[][] cw = new float[4][], cb = new float[4][];
        for (int l = 0; l < 4; l++) {
            double k = 1 / Math.sqrt(ch[l] * 9.0);
            cw[l] = uniform(r, ch[l + 1] * ch[l] * 9, k);
            cb[l] = uniform(r, ch[l + 1], k);
        }
        int h = 256, g = 4 * h;
        double k = 1 / Math.sqrt(h);
        return new ActorCriticWeights(RecurrentCell.LSTM, 1, 80, h, actions, ch, cw, cb,
                uniform(r, g * 800, k), uniform(r, g, k), uniform(r, g * h, k), uniform(r, g, k),
                uniform(r, h, k), 0.1f, uniform(r, actions * h, k), uniform(r, actions, k));
    }

    private static float[] uniform(Random r, int n, double k) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * k);
        }
        return a;
    }
}
