package org.atarisaliency.saliency.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.junit.jupiter.api.Test;

/** Which layers each stage randomises, and from which distribution. */
class RandomizationTest {

    /** The tensors of a network, top down: heads, cell, conv4 .. conv1 (weights then biases). */
    private static List<float[][]> layers(ActorCriticWeights w) {
        return List.of(
                new float[][] {w.actorWeight(), w.actorBias(), w.criticWeight(), {w.criticBias()}},
                new float[][] {w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh()},
                new float[][] {w.convWeight()[3], w.convBias()[3]},
                new float[][] {w.convWeight()[2], w.convBias()[2]},
                new float[][] {w.convWeight()[1], w.convBias()[1]},
                new float[][] {w.convWeight()[0], w.convBias()[0]});
    }

    private static boolean same(float[][] a, float[][] b) {
        for (int i = 0; i < a.length; i++) {
            if (!Arrays.equals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    @Test
    void cascadeFromTheTop() throws Exception {
        ActorCriticWeights w = ActorCriticWeights.read(TestAssets.agent("pong-v4", 80));
        assertEquals(List.of("original", "heads", "gru", "conv4", "conv3", "conv2", "conv1"), Randomization.stageNames(w));
        List<float[][]> orig = layers(w);
        double[] bounds = {1 / Math.sqrt(256), 1 / Math.sqrt(256), 1 / Math.sqrt(32 * 9), 1 / Math.sqrt(32 * 9), 1 / Math.sqrt(32 * 9),
            1 / Math.sqrt(9)};
        List<float[][]> previous = null;
        for (int stage = 0; stage <= 6; stage++) {
            ActorCriticWeights r = Randomization.randomise(w, stage, 42);
            assertNotSame(w.convWeight()[0], r.convWeight()[0]);
            List<float[][]> now = layers(r);
            for (int l = 0; l < 6; l++) {
                boolean randomised = l < stage;
                assertEquals(!randomised, same(orig.get(l), now.get(l)), "stage " + stage + " layer " + l);
                if (randomised) {
                    for (float[] t : now.get(l)) {
                        double max = 0, sum = 0;
                        for (float v : t) {
                            max = Math.max(max, Math.abs(v));
                            sum += v;
                        }
                        assertTrue(max <= bounds[l], "stage " + stage + " layer " + l + ": " + max + " > " + bounds[l]);
                        if (t.length > 1000) {
                            assertTrue(max > 0.95 * bounds[l], "uniform over the whole range");
                            assertTrue(Math.abs(sum / t.length) < 0.05 * bounds[l], "zero mean");
                        }
                    }
                    if (previous != null && l < stage - 1) {
                        assertTrue(same(previous.get(l), now.get(l)), "a layer keeps its random values in later stages");
                    }
                }
            }
            previous = now;
        }
        // same seed, same weights; another seed, others
        assertArrayEquals(Randomization.randomise(w, 6, 42).convWeight()[0], Randomization.randomise(w, 6, 42).convWeight()[0]);
        assertFalse(Arrays.equals(Randomization.randomise(w, 6, 42).convWeight()[0], Randomization.randomise(w, 6, 43).convWeight()[0]));
    }
}
