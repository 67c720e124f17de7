package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EpisodicLifeEnv} against Stable-Baselines3's own {@code EpisodicLifeEnv} under {@code FireResetEnv} (over
 * {@code MaxAndSkipEnv(4)} on gymnasium's BreakoutNoFrameskip-v4, no no-op starts) on the real ROM: the same seeded
 * actions, and after every done a reset, as a vector env does; every step's reward, done, game over, lives and
 * observation (SHA-1 of the max-pooled screen), and every reset's observation and lives. Fixtures made at test time by
 * env/src/test/python/make_sb3_episodic_fixtures.py (into env/target/).
 */
class EpisodicLifeEnvSb3Test {

    @Test
    void breakoutStepsAndResetsAsSb3s() throws Exception {
        Path root = PythonFixtures.projectRoot(), dir = root.resolve("env/target/sb3-episodic-fixtures");
        Files.createDirectories(dir);
        PythonFixtures.run(List.of(".deps/python", ".deps/sb3py"), PythonFixtures.SB3_SETUP,
                root.resolve("env/src/test/python/make_sb3_episodic_fixtures.py"), dir.toString());
        int[] actions = ints(dir, "actions"), rewards = ints(dir, "rewards"), flags = ints(dir, "flags"), lives = ints(dir, "lives");
        int[] resetLives = ints(dir, "reset_lives");
        byte[] sha = Npy.read(dir.resolve("sha1.npy")).bytes(), resetSha = Npy.read(dir.resolve("reset_sha1.npy")).bytes();
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("BreakoutNoFrameskip-v4", loc.availableRoms()).withMaxPooledSkip(4).withFireReset(true);
        int resets = 0, lifeLosses = 0, gameOvers = 0;
        try (EpisodicLifeEnv e = new EpisodicLifeEnv(AtariEnv.open(spec, loc.find(spec.rom()), 0, 0))) {
            checkReset(e, resetSha, resetLives, resets++);
            for (int t = 0; t < actions.length; t++) {
                EpisodicLifeEnv.Step s = e.step(actions[t]);
                String at = "step " + t;
                assertEquals(rewards[t], s.reward(), at + ": reward");
                assertEquals((flags[t] & 1) != 0, s.done(), at + ": done (a lost life or game over)");
                assertEquals((flags[t] & 2) != 0, s.gameOver(), at + ": game over");
                assertEquals(lives[t], e.env().lives(), at + ": lives");
                assertArrayEquals(Arrays.copyOfRange(sha, 20 * t, 20 * t + 20), sha1(e.env().frame()), at + ": observation (SHA-1)");
                if (s.done()) {
                    lifeLosses += s.gameOver() ? 0 : 1;
                    gameOvers += s.gameOver() ? 1 : 0;
                    e.reset();
                    checkReset(e, resetSha, resetLives, resets++);
                }
            }
        }
        assertEquals(resetLives.length, resets, "resets");
        assertTrue(lifeLosses >= 10 && gameOvers >= 2, "the fixture should cross lost lives and game overs: " + lifeLosses + ", " + gameOvers);
    }

    private static void checkReset(EpisodicLifeEnv e, byte[] sha, int[] lives, int k) throws Exception {
        assertArrayEquals(Arrays.copyOfRange(sha, 20 * k, 20 * k + 20), sha1(e.env().frame()), "reset " + k + ": observation (SHA-1)");
        assertEquals(lives[k], e.env().lives(), "reset " + k + ": lives");
    }

    private static int[] ints(Path dir, String name) throws Exception {
        return Npy.read(dir.resolve(name + ".npy")).ints();
    }

    private static byte[] sha1(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(b);
    }
}
