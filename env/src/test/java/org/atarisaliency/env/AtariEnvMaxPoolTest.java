package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AtariEnv#setMaxPoolLastTwo} against Stable-Baselines3's own {@code MaxAndSkipEnv(skip=4)}
 * over gymnasium's {@code {Game}NoFrameskip-v4} (ale_py), same seeded actions: every step's
 * max-pooled screen, reward and game over, and its WarpFrame observation. Fixtures made at test
 * time by env/src/test/python/make_sb3_skip_fixtures.py (into env/target/).
 */
class AtariEnvMaxPoolTest {

    private static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        Path root = PythonFixtures.projectRoot();
        dir = root.resolve("env/target/sb3-skip-fixtures");
        Files.createDirectories(dir);
        PythonFixtures.run(List.of(".deps/python", ".deps/sb3py"), PythonFixtures.SB3_SETUP,
                root.resolve("env/src/test/python/make_sb3_skip_fixtures.py"), dir.toString());
    }

    private static AtariEnv open(String id) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(id, loc.availableRoms()).withFrameSkip(4);
        assertEquals(0f, spec.repeatActionProbability());
        AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 0, 0);
        env.setMaxPoolLastTwo(true);
        return env;
    }

    @Test
    void pong() throws Exception {
        check("Pong");
    }

    @Test
    void breakoutThroughGameOvers() throws Exception {
        assertTrue(check("Breakout") >= 1, "the Breakout fixture should cross a game over");
    }

    @Test
    void spaceInvaders() throws Exception {
        check("SpaceInvaders");
    }

    /** Replays the fixture's actions; returns the number of game overs crossed. */
    private static int check(String game) throws Exception {
        int[] actions = Npy.read(dir.resolve(game + "_actions.npy")).ints();
        int[] rewards = Npy.read(dir.resolve(game + "_rewards.npy")).ints();
        int[] flags = Npy.read(dir.resolve(game + "_flags.npy")).ints();
        byte[] sha = Npy.read(dir.resolve(game + "_sha1.npy")).bytes();
        byte[] frames = Npy.read(dir.resolve(game + "_frames.npy")).bytes();
        byte[] obs = Npy.read(dir.resolve(game + "_obs.npy")).bytes();
        int gameOvers = 0;
        try (AtariEnv env = open(game + "NoFrameskip-v4")) {
            byte[] screen = env.frame();
            assertArrayEquals(Npy.read(dir.resolve(game + "_reset.npy")).bytes(), screen, game + ": screen after reset");
            for (int t = 0; t < actions.length; t++) {
                AtariEnv.Step s = env.step(actions[t]);
                env.frame(screen);
                String at = game + " step " + t;
                if (t % 25 == 0) {
                    byte[] want = Arrays.copyOfRange(frames, (t / 25) * AtariEnv.FRAME_BYTES, (t / 25 + 1) * AtariEnv.FRAME_BYTES);
                    assertEquals(0, countDiff(want, screen), at + ": pixels differ from MaxAndSkipEnv's observation");
                }
                assertArrayEquals(Arrays.copyOfRange(sha, 20 * t, 20 * t + 20), sha1(screen), at + ": max-pooled screen (SHA-1)");
                assertArrayEquals(Arrays.copyOfRange(obs, t * 7056, (t + 1) * 7056), Sb3Preprocessing.preprocessToBytes(screen),
                        at + ": WarpFrame observation");
                assertEquals(rewards[t], s.reward(), at + ": reward");
                assertEquals((flags[t] & 1) != 0, s.gameOver(), at + ": game over");
                assertTrue(s.frames() == 4 || s.gameOver(), at + ": frames " + s.frames());
                if ((flags[t] & 2) != 0) {
                    gameOvers++;
                    env.reset();
                }
            }
        }
        return gameOvers;
    }

    @Test
    void offByDefaultAndPoolsTheLastTwoScreens() {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("BreakoutNoFrameskip-v4", loc.availableRoms());
        try (AtariEnv plain = AtariEnv.open(spec.withFrameSkip(4), loc.find(spec.rom()), 0, 0);
             AtariEnv single = AtariEnv.open(spec, loc.find(spec.rom()), 0, 0);
             AtariEnv pooled = open("BreakoutNoFrameskip-v4")) {
            assertFalse(plain.maxPoolLastTwo());
            byte[] a = new byte[AtariEnv.FRAME_BYTES], b = new byte[AtariEnv.FRAME_BYTES], want = new byte[AtariEnv.FRAME_BYTES];
            int[] acts = {1, 2, 2, 3, 1, 0, 3, 3, 2, 1, 0, 2};
            for (int act : acts) {
                plain.step(act);
                pooled.step(act);
                single.step(act);
                single.step(act);
                single.step(act);
                single.frame(a);
                single.step(act);
                single.frame(b);
                Sb3Preprocessing.maxPool(a, b, want);
                assertArrayEquals(b, plain.frame(), "default: the last screen");
                assertArrayEquals(b, pooled.rawFrame());
                assertArrayEquals(want, pooled.frame(), "pooled: max of the last two");
            }
            pooled.reset();
            assertArrayEquals(pooled.rawFrame(), pooled.frame(), "after reset: the raw screen");
        }
    }

    private static byte[] sha1(byte[] b) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-1").digest(b);
    }

    private static int countDiff(byte[] a, byte[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] != b[i] ? 1 : 0;
        }
        return d;
    }
}
