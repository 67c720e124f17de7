package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AtariEnvTest {

    private static AtariEnv open(String id, long seed) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(id, loc.availableRoms());
        return AtariEnv.open(spec, loc.find(spec.rom()), seed, 0);
    }

    @Test
    void minimalActionSetsAndNames() {
        try (AtariEnv pong = open("Pong-v4", 0); AtariEnv breakout = open("Breakout-v4", 0); AtariEnv si = open("SpaceInvaders-v4", 0)) {
            assertEquals(List.of("NOOP", "FIRE", "RIGHT", "LEFT", "RIGHTFIRE", "LEFTFIRE"), pong.actionNames());
            assertEquals(List.of("NOOP", "FIRE", "RIGHT", "LEFT"), breakout.actionNames());
            assertEquals(6, si.actionCount());
            assertEquals(5, breakout.lives());
            assertEquals("60e0ea3cbe0913d39803477945e9e5ec", pong.romMd5());
            assertEquals(128, pong.ram().length);
        }
    }

    @Test
    void sameSeedSameEpisodeAndFrameSkipInRange() {
        byte[] f1 = new byte[AtariEnv.FRAME_BYTES], f2 = new byte[AtariEnv.FRAME_BYTES];
        try (AtariEnv a = open("Breakout-v0", 7); AtariEnv b = open("Breakout-v0", 7)) {
            Random r = new Random(1);
            for (int t = 0; t < 300; t++) {
                int act = r.nextInt(4);
                AtariEnv.Step sa = a.step(act), sb = b.step(act);
                assertTrue(sa.frames() >= 2 && sa.frames() <= 4);
                assertEquals(sa.frames(), sb.frames());
                assertEquals(sa.reward(), sb.reward());
            }
            a.frame(f1);
            b.frame(f2);
            assertArrayEquals(f1, f2);
            assertEquals(a.episodeFrames(), b.episodeFrames());
        }
    }

    @Test
    void cloneAndRestoreReplayExactly() {
        try (AtariEnv env = open("Pong-v0", 3)) {
            Random r = new Random(2);
            for (int t = 0; t < 50; t++) {
                env.step(r.nextInt(env.actionCount()));
            }
            int[] acts = new int[100];
            for (int i = 0; i < acts.length; i++) {
                acts[i] = r.nextInt(env.actionCount());
            }
            try (EnvState s = env.cloneState()) {
                double ret1 = 0;
                for (int a : acts) {
                    ret1 += env.step(a).reward();
                }
                byte[] end1 = env.frame();
                int steps1 = env.episodeSteps();
                env.restoreState(s);
                assertEquals(50, env.episodeSteps());
                double ret2 = 0;
                for (int a : acts) {
                    ret2 += env.step(a).reward();
                }
                assertEquals(ret1, ret2);
                assertEquals(steps1, env.episodeSteps());
                assertArrayEquals(end1, env.frame());
            }
        }
    }

    /** A snapshot carried as bytes into another env (another process, for a resumed training run) replays the same. */
    @Test
    void aSavedStateRestoresInAnotherEnv() {
        byte[] saved;
        int[] acts = new int[150];
        double ret1 = 0;
        byte[] end1;
        try (AtariEnv env = open("Pong-v0", 5)) {
            Random r = new Random(9);
            for (int t = 0; t < 40; t++) {
                env.step(r.nextInt(env.actionCount()));
            }
            for (int i = 0; i < acts.length; i++) {
                acts[i] = r.nextInt(env.actionCount());
            }
            try (EnvState s = env.cloneState()) {
                saved = s.toBytes();
            }
            for (int a : acts) {
                ret1 += env.step(a).reward();
            }
            end1 = env.frame();
        }
        try (AtariEnv other = open("Pong-v0", 123); EnvState s = EnvState.fromBytes(saved)) {
            other.restoreState(s);
            assertEquals(40, other.episodeSteps());
            double ret2 = 0;
            for (int a : acts) {
                ret2 += other.step(a).reward();
            }
            assertEquals(ret1, ret2);
            assertArrayEquals(end1, other.frame());
        }
        assertThrows(IllegalArgumentException.class, () -> EnvState.fromBytes(new byte[] {1, 2, 3}));
    }

    /** ALE refreshes its RAM view only when the emulator runs: after a restore the RAM must be the snapshot's, and writes must land on it. */
    @Test
    void ramAfterRestoreIsTheSnapshots() {
        try (AtariEnv env = open("Pong-v4", 5)) {
            Random r = new Random(3);
            for (int t = 0; t < 60; t++) {
                env.step(r.nextInt(env.actionCount()));
            }
            byte[] atClone = env.ram();
            try (EnvState s = env.cloneState()) {
                env.step(0);
                env.step(0);
                byte[] later = env.ram();
                org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(atClone, later), "the RAM should change in two steps");
                env.restoreState(s);
                assertArrayEquals(atClone, env.ram());
                assertEquals(atClone[49] & 0xff, env.ram(49));
                // a write after the restore moves the ball from the snapshot's position, and stepping shows it
                env.setRam(49, (atClone[49] & 0xff) + 8);
                assertEquals((atClone[49] & 0xff) + 8, env.ram(49));
                env.step(0);
                byte[] moved = env.ram();
                env.restoreState(s);
                env.step(0);
                byte[] control = env.ram();
                if (control[54] != 0) { // the ball is in play
                    assertEquals(8, (moved[49] & 0xff) - (control[49] & 0xff));
                }
            }
        }
    }

    @Test
    void framesChangeAndPixelsLookLikePong() {
        try (AtariEnv env = open("PongNoFrameskip-v4", 0)) {
            byte[] first = env.frame();
            for (int i = 0; i < 60; i++) {
                env.step(0);
            }
            assertNotEquals(java.util.Arrays.hashCode(first), java.util.Arrays.hashCode(env.frame()));
            // Pong's background is (144, 72, 17) in RGB
            byte[] f = env.frame();
            int i = (100 * AtariEnv.WIDTH + 80) * 3;
            assertEquals(144, f[i] & 0xff);
            assertEquals(72, f[i + 1] & 0xff);
            assertEquals(17, f[i + 2] & 0xff);
        }
    }

    @Test
    void parallelEnvsOnThreadsMatchSequentialRuns() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?>[] fs = new Future<?>[3];
            double[] par = new double[3];
            for (int k = 0; k < 3; k++) {
                int kk = k;
                fs[k] = pool.submit(() -> par[kk] = playRandom(kk));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(playRandom(k), par[k]);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double playRandom(long seed) {
        try (AtariEnv env = open("Breakout-v4", seed)) {
            Random r = new Random(seed);
            double sum = 0;
            for (int t = 0; t < 400 && !env.gameOver(); t++) {
                sum += env.step(r.nextInt(4)).reward() * 1000 + env.frame()[(150 * 160 + 40) * 3];
            }
            return sum;
        }
    }

    @Test
    void missingRomAndBadActionGiveClearErrors() {
        RomNotFoundException e = assertThrows(RomNotFoundException.class,
                () -> new RomLocator(null, "/nonexistent/roms", null, false).find("pong"));
        assertTrue(e.getMessage().contains("$ATARI_ROMS_DIR=/nonexistent/roms"), e.getMessage());
        assertTrue(e.getMessage().contains("pip install"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(RomNotFoundException.class, () -> new RomLocator(Path.of("/no/such.bin"), null, null, false).find("pong"));
        try (AtariEnv env = open("Pong-v4", 0)) {
            assertThrows(IllegalArgumentException.class, () -> env.step(6));
        }
    }
}
