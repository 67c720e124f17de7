package org.atarisaliency.agents.nets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PyTorch's default ranges, shapes and determinism of {@link Init}. */
class InitTest {

    @Test
    void rangesAndShapesFollowPyTorchDefaults() {
        for (RecurrentCell cell : RecurrentCell.values()) {
            ActorCriticWeights w = Init.pytorchDefault(cell, 6, 3);
            assertEquals(800, w.flatSize());
            int g = cell.gates() * 256;
            assertEquals(g * 800, w.weightIh().length);
            assertEquals(g * 256, w.weightHh().length);
            double cellBound = 1 / Math.sqrt(256);
            for (float[] a : new float[][] {w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), w.actorWeight(), w.actorBias(), w.criticWeight()}) {
                checkUniform(a, cellBound);
            }
            assertTrue(Math.abs(w.criticBias()) <= cellBound);
            for (int l = 0; l < ActorCriticWeights.CONV_LAYERS; l++) {
                double bound = 1 / Math.sqrt(w.convChannels()[l] * 9.0);
                checkUniform(w.convWeight()[l], bound);
                assertEquals(32, w.convBias()[l].length);
                for (float b : w.convBias()[l]) {
                    assertTrue(Math.abs(b) <= bound);
                }
            }
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ActorCriticWeights a = Init.pytorchDefault(RecurrentCell.GRU, 4, 11), b = Init.pytorchDefault(RecurrentCell.GRU, 4, 11);
        assertArrayEquals(a.weightIh(), b.weightIh());
        assertArrayEquals(a.convWeight()[0], b.convWeight()[0]);
        assertEquals(a.criticBias(), b.criticBias());
        assertFalse(Arrays.equals(a.weightIh(), Init.pytorchDefault(RecurrentCell.GRU, 4, 12).weightIh()));
        assertArrayEquals(a.convWeight()[3], Init.like(a, 11).convWeight()[3]);
    }

    /** Every value inside the bound, and spread over it (min and max near the ends, mean near 0). */
    private static void checkUniform(float[] a, double bound) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
        for (float v : a) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min >= -bound && max <= bound, "outside +-" + bound);
        if (a.length >= 256) {
            assertTrue(min < -0.9 * bound && max > 0.9 * bound, "not spread over +-" + bound);
            assertEquals(0, sum / a.length, 0.1 * bound);
        }
    }
}
