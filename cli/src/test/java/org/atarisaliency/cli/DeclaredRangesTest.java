package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value outside the range a pipeline declares is refused on the command line with the declared range, as the
 * experiment schema refuses it: one line naming the flag, exit code 2, nothing written. Each value below was
 * accepted by the command line before its options were generated from the declaration.
 */
class DeclaredRangesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private void refused(String flag, String range, String... args) {
        CliTest.Run r = CliTest.run(args);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        String e = r.err().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: " + flag + " must be ") && e.contains(range), e);
        assertFalse(e.contains("\tat "), e);
    }

    @Test
    void memory() {
        Path out = tmp.resolve("memory");
        refused("--window", "0..100", "memory", "--game", "Pong-v4", "--frames", "2", "--ablation-episodes", "0", "--window", "101",
                "--out", out.toString(), "--quiet");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void intervene() {
        Path out = tmp.resolve("intervene");
        refused("--tv-threshold", "..0.9999, got 0.99999", "intervene", "--game", "Pong-v4", "--frames", "1", "--skip", "1", "--tv-threshold", "0.99999",
                "--out", out.toString(), "--quiet");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void imitate() {
        Path out = tmp.resolve("imitate");
        refused("--lr", "1.0e-7..1, got 1.0E-8", "imitate", "--expert", CliTest.pong(), "--game", "Pong-v4", "--hints", "random", "--lr", "1e-8",
                "--frames", "20", "--envs", "2", "--steps", "5", "--out", out.toString(), "--quiet");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void hintTest() {
        refused("--max-steps", "1..10000000, got 0", "hint-test", "--agent", CliTest.pong(), "--expert", CliTest.pong(), "--game", "Pong-v4",
                "--episodes", "1", "--frames", "1", "--max-steps", "0", "--quiet");
    }

    @Test
    void train() {
        Path out = tmp.resolve("train");
        refused("--lr", "1.0e-7..1, got 1.0E-8", "train", "--game", "Pong-v4", "--lr", "1e-8", "--frames", "20", "--envs", "2", "--steps", "5",
                "--out", out.toString(), "--quiet");
        assertFalse(Files.exists(out.resolve("run.json")), "nothing recorded");
    }
}
