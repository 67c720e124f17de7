package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CleanRL's layer_init: orthogonal weights with its gains, zero biases, reproducible from the seed. */
class PpoInitTest {

    @Test
    void everyWeightIsOrthogonalWithCleanRlsGainAndEveryBiasZero() {
        for (PpoArch arch : PpoArch.values()) {
            LinkedHashMap<String, float[]> w = PpoInit.cleanRl(arch, 4, 7);
            assertEquals(arch.shapes(4).keySet().stream().toList(), w.keySet().stream().toList());
            for (Map.Entry<String, int[]> e : arch.shapes(4).entrySet()) {
                float[] t = w.get(e.getKey());
                int[] shape = e.getValue();
                if (shape.length == 1) {
                    assertArrayEquals(new float[shape[0]], t, e.getKey());
                    continue;
                }
                int rows = shape[0], cols = t.length / rows;
                double gain = e.getKey().startsWith("actor.") ? 0.01
                        : e.getKey().startsWith("critic.") || e.getKey().startsWith("lstm.") ? 1 : Math.sqrt(2);
                assertGram(t, rows, cols, gain, e.getKey());
            }
        }
    }

    @Test
    void theSeedDecidesTheWeights() {
        LinkedHashMap<String, float[]> a = PpoInit.cleanRl(PpoArch.LSTM, 6, 3), b = PpoInit.cleanRl(PpoArch.LSTM, 6, 3),
                c = PpoInit.cleanRl(PpoArch.LSTM, 6, 4);
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
            if (k.contains("weight")) {
                assertFalse(Arrays.equals(a.get(k), c.get(k)), k + " is the same for seeds 3 and 4");
            }
        }
    }

    @Test
    void theLearnerTakesTheInitialWeights() {
        try (PpoLearner l = new PpoLearner(PpoArch.CNN, PpoInit.cleanRl(PpoArch.CNN, 4, 0), PpoConfig.defaults(), 1)) {
            assertEquals(4, l.actions());
        }
    }

    /** W W^T = gain^2 I for a wide matrix, W^T W = gain^2 I for a tall one. */
    private static void assertGram(float[] w, int rows, int cols, double gain, String name) {
        boolean wide = rows <= cols;
        int k = Math.min(rows, cols);
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double dot = 0;
                for (int i = 0; i < Math.max(rows, cols); i++) {
                    dot += wide ? (double) w[a * cols + i] * w[b * cols + i] : (double) w[i * cols + a] * w[i * cols + b];
                }
                assertEquals(a == b ? gain * gain : 0, dot, 1e-5 * Math.max(1, gain * gain), name + " [" + a + "," + b + "]");
            }
        }
    }
}
