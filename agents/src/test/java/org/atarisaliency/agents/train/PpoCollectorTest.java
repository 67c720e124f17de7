package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Sb3Preprocessing;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/** CleanRL's acting loop on real Breakout: sign rewards, episodic lives, frame stacks, and a snapshot that continues exactly. */
class PpoCollectorTest {
    private static final GameSpec BREAKOUT = GameIds.resolve("BreakoutNoFrameskip-v4", TestRoms.locator().availableRoms())
            .withMaxPooledSkip(4).withFireReset(true).withNoopReset(30);
    private static final Path ROM = TestRoms.locator().find(BREAKOUT.rom());
    private static final int F = Sb3Preprocessing.OUT_SIZE;

    @Test
    void rolloutsFollowCleanRlsConventionsAndASnapshotContinuesExactly() throws Exception {
        try (PpoLearner l = new PpoLearner(PpoArch.CNN, PpoInit.cleanRl(PpoArch.CNN, 4, 1), PpoConfig.defaults(), 1);
             PpoCollector a = new PpoCollector(BREAKOUT, ROM, 2, 3, PpoArch.CNN); PpoCollector b = new PpoCollector(BREAKOUT, ROM, 2, 3, PpoArch.CNN)) {
            PpoRollout r = a.collect(l, 200).rollout();
            int n = 2, in = 4 * F, starts = 0;
            for (int k = 0; k < r.rewards().length; k++) {
                assertTrue(r.rewards()[k] == 0 || Math.abs(r.rewards()[k]) == 1, "rewards are clipped to their sign");
            }
            for (int t = 1; t < r.steps(); t++) {
                for (int i = 0; i < n; i++) {
                    int now = (t * n + i) * in, before = ((t - 1) * n + i) * in;
                    if (r.starts()[t * n + i]) {
                        starts++;
                        for (int f = 1; f < 4; f++) {
                            assertArrayEquals(Arrays.copyOfRange(r.observations(), now, now + F),
                                    Arrays.copyOfRange(r.observations(), now + f * F, now + (f + 1) * F), "an episode's first stack repeats its frame");
                        }
                    } else {
                        assertArrayEquals(Arrays.copyOfRange(r.observations(), before + F, before + in),
                                Arrays.copyOfRange(r.observations(), now, now + 3 * F), "the stack shifts by one frame");
                    }
                }
            }
            assertTrue(starts > 0, "a random Breakout policy loses a life in 200 steps");
            PpoCollector.Snapshot s = a.snapshot();
            PpoRollout next = a.collect(l, 20).rollout();
            b.restore(s);
            PpoRollout again = b.collect(l, 20).rollout();
            assertArrayEquals(next.observations(), again.observations());
            assertArrayEquals(next.actions(), again.actions());
            assertArrayEquals(next.logProbs(), again.logProbs());
            assertArrayEquals(next.starts(), again.starts());
            assertEquals(4, a.actionCount());
        }
    }
}
