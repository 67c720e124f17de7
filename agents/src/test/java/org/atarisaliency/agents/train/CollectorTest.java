package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/** The acting side of A2C on real Pong: reproducible from the seed, and a snapshot continues exactly. */
class CollectorTest {
    private static final GameSpec PONG = GameIds.resolve("Pong-v4", TestRoms.locator().availableRoms());
    private static final Path ROM = TestRoms.locator().find(PONG.rom());

    private static Collector collector(long seed) {
        return new Collector(PONG, ROM, 3, seed, FramePreprocessor.A3C, List.of("h"), 256, true);
    }

    private static void assertSameBatch(Batch a, Batch b) {
        assertArrayEquals(a.observations(), b.observations());
        assertArrayEquals(a.actions(), b.actions());
        assertArrayEquals(a.rewards(), b.rewards());
        assertArrayEquals(a.dones(), b.dones());
        assertArrayEquals(a.start().part("h"), b.start().part("h"));
    }

    @Test
    void batchesFollowTheSeedAndASnapshotContinuesExactly() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             Collector a = collector(4); Collector b = collector(4); Collector other = collector(5)) {
            Batch first = a.collect(p, 5).batch();
            assertSameBatch(first, b.collect(p, 5).batch());
            assertEquals(5 * 3 * 6400 + 3 * 6400, first.observations().length);
            assertFalse(java.util.Arrays.equals(first.actions(), other.collect(p, 5).batch().actions()), "the seed matters");
            // the observation after the last step is the next batch's first
            Batch second = a.collect(p, 5).batch();
            b.collect(p, 5);
            assertArrayEquals(java.util.Arrays.copyOfRange(first.observations(), 5 * 3 * 6400, 6 * 3 * 6400),
                    java.util.Arrays.copyOfRange(second.observations(), 0, 3 * 6400));
            assertArrayEquals(first.start().part("h"), new float[3 * 256], "memory starts at zero");
            assertFalse(java.util.Arrays.equals(second.start().part("h"), new float[3 * 256]), "and is carried across batches");

            Collector.Snapshot snap = a.snapshot();
            Batch next = a.collect(p, 7).batch();
            try (Collector fresh = collector(99)) {
                fresh.restore(snap);
                assertSameBatch(next, fresh.collect(p, 7).batch());
            }
        }
    }

    @Test
    void episodesEndResetTheMemoryAndAreReported() throws Exception {
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6); Collector c = collector(1)) {
            int ended = 0;
            for (int k = 0; k < 400 && ended == 0; k++) {
                Collector.Collected got = c.collect(p, 20);
                for (Collector.Episode e : got.episodes()) {
                    ended++;
                    assertTrue(e.length() > 100 && e.score() >= -21 && e.score() <= 21, e.toString());
                }
                Batch b = got.batch();
                for (int t = 0; t < 20; t++) {
                    for (int i = 0; i < 3; i++) {
                        if (b.dones()[t * 3 + i] && t + 1 < 20) {
                            assertTrue(Math.abs(b.rewards()[t * 3 + i]) <= 1, "rewards are clipped");
                        }
                    }
                }
            }
            assertTrue(ended > 0, "an episode of Pong ended");
        }
    }
}
