package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.junit.jupiter.api.Test;

/** The incremental engine against whole perturbed images through the policy (both exact methods). */
class PerturbationSaliencyTest {

    static void assertSameMap(float[] expected, float[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length);
        double max = 0, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max > 0, what + ": map is all zero");
        assertTrue(diff <= relTol * max, what + ": max difference " + diff + " > " + relTol + " x max " + max);
    }

    @Test
    void incrementalEqualsBatchedOnRealFrames() throws Exception {
        List<RealFrames.Frame> frames = RealFrames.rollout("pong-v4", "Pong-v4", 40, 90);
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             PerturbationSaliency fast = new PerturbationSaliency(p);
             PerturbationSaliency slow = PerturbationSaliency.batched(p)) {
            assertTrue(fast.incremental());
            for (RealFrames.Frame f : frames) {
                for (PerturbationMode mode : PerturbationMode.values()) {
                    for (int d : new int[] {5, 8}) {
                        SaliencyRequest r = SaliencyRequest.of(f.input(), f.stateBefore()).withStride(d).withMode(mode);
                        SaliencyMap a = fast.compute(r), b = slow.compute(r);
                        String what = "step " + f.step() + " " + mode + " d=" + d;
                        assertSameMap(b.actor(), a.actor(), 1e-4, what + " actor");
                        assertSameMap(b.critic(), a.critic(), 1e-4, what + " critic");
                        assertSameMap(b.chosen(), a.chosen(), 1e-4, what + " chosen");
                        assertEquals(b.action(), a.action());
                    }
                }
            }
        }
    }

    @Test
    void batchSizeDoesNotChangeTheResult() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("breakout-v4", "Breakout-v4", 30).get(0);
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("breakout-v4", 80), 4)) {
            SaliencyRequest r = SaliencyRequest.of(f.input(), f.stateBefore()).withStride(16);
            float[] ref = null;
            for (int batch : new int[] {1, 2, 7, 26}) {
                try (PerturbationSaliency s = PerturbationSaliency.batched(p)) {
                    SaliencyMap m = s.compute(r.withBatch(batch));
                    if (ref == null) {
                        ref = m.actor();
                    } else {
                        assertSameMap(ref, m.actor(), 1e-5, "batch " + batch);
                    }
                }
            }
        }
    }

    @Test
    void maskBankFollowsTheReference() {
        MaskBank bank = MaskBank.of(5, 5, 80);
        assertEquals(16, bank.grid());
        assertEquals(256, bank.count());
        double[] m = bank.maskCopy(8 * 16 + 8); // centre (40, 40)
        assertEquals(1.0, m[40 * 80 + 40], 0);
        assertTrue(m[40 * 80 + 41] < 1.0 && m[40 * 80 + 41] > 0.9);
        assertEquals(m[39 * 80 + 40], m[40 * 80 + 39], 1e-15);
        assertArrayEquals(new int[] {19, 61, 19, 61}, bank.box(8 * 16 + 8));
        assertArrayEquals(new int[] {0, 21, 0, 21}, bank.box(0));
        assertEquals(27, MaskBank.of(3, 5, 80).grid());
    }
}
