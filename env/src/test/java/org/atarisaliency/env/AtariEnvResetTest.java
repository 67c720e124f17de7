package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stable-Baselines3's episode starts ({@link GameSpec#fireReset()}: FireResetEnv; {@link GameSpec#noopResetMax()}:
 * NoopResetEnv with our seeded count): what they play and that they leave the episode counters at zero. That
 * the fire start gives SB3's actions and observations is checked against SB3 itself in pipelines'
 * Sb3EvaluateParityTest.
 */
class AtariEnvResetTest {

    private static GameSpec spec(String id) {
        return GameIds.resolve(id, TestRoms.locator().availableRoms()).withMaxPooledSkip(4);
    }

    private static AtariEnv open(GameSpec spec, long seed) {
        return AtariEnv.open(spec, TestRoms.locator().find(spec.rom()), seed, 0);
    }

    @Test
    void fireResetPlaysFireThenActionTwoAsTwoPooledStepsAtOpenAndReset() {
        GameSpec plain = spec("PongNoFrameskip-v4");
        GameSpec fire = plain.withFireReset(true);
        assertEquals("FIRE then action 2 (SB3 FireResetEnv)", fire.resetText());
        assertEquals(null, plain.resetText());
        try (AtariEnv f = open(fire, 0); AtariEnv p = open(plain, 0)) {
            assertEquals(8, f.episodeFrames(), "two skip-4 steps after the ALE reset");
            assertEquals(0, f.episodeSteps());
            assertEquals(0.0, f.episodeReturn());
            p.step(1);
            p.step(2);
            assertArrayEquals(p.frame(), f.frame(), "the first observation is the max-pooled screen of the action-2 step");
            assertArrayEquals(p.ram(), f.ram());
            for (int i = 0; i < 50; i++) {
                f.step(i % f.actionCount());
            }
            f.reset();
            assertEquals(8, f.episodeFrames());
            assertEquals(0, f.episodeSteps());
            assertArrayEquals(p.frame(), f.frame(), "reset starts the same way");
        }
    }

    @Test
    void noopResetIsSeededAndWithinItsRange() {
        GameSpec noop = spec("PongNoFrameskip-v4").withNoopReset(30);
        assertEquals("1-30 no-op frames", noop.resetText());
        Set<Integer> counts = new HashSet<>();
        for (long seed = 0; seed < 12; seed++) {
            try (AtariEnv a = open(noop, seed); AtariEnv b = open(noop, seed)) {
                int frames = a.episodeFrames();
                assertTrue(frames >= 1 && frames <= 30, "frames " + frames);
                assertEquals(frames, b.episodeFrames(), "same seed, same start");
                assertEquals(0, a.episodeSteps());
                counts.add(frames);
                a.reset();
                assertTrue(a.episodeFrames() >= 1 && a.episodeFrames() <= 30);
            }
        }
        assertTrue(counts.size() > 3, "the count varies with the seed: " + counts);
        try (AtariEnv both = open(noop.withFireReset(true), 3)) {
            assertTrue(both.episodeFrames() >= 9 && both.episodeFrames() <= 38);
            assertEquals("1-30 no-op frames, FIRE then action 2 (SB3 FireResetEnv)", both.spec().resetText());
        }
    }
}
