package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line driven in-process (and once as a real process), as a user would. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static String pong() {
        return TestAssets.agent("pong-v4", 80).toString();
    }

    /** Bad input: exit 2 and stderr one line holding every needle. */
    static void refused(Run r, String... needles) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        for (String n : needles) {
            assertTrue(e.contains(n), "'" + n + "' not in: " + e);
        }
    }

    private static void assertOneLineError(Run r, int code, String... needles) {
        assertEquals(code, r.code(), r.err());
        String e = r.err().trim();
        assertTrue(e.startsWith("error: "), e);
        assertFalse(e.contains("Exception") && e.contains("\tat "), "stack trace shown: " + e);
        assertEquals(1, e.lines().filter(l -> l.startsWith("error:")).count(), e);
        assertFalse(e.contains("\tat "), e);
        for (String n : needles) {
            assertTrue(e.contains(n), "'" + n + "' not in: " + e);
        }
    }

    @Test
    void helpAndVersion() {
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("atari-saliency "), v.out());
        for (String cmd : new String[] {"evaluate", "info", "games"}) {
            Run h = run(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().contains("Usage: atari-saliency " + cmd), h.out());
        }
        assertEquals(ExitCodes.BAD_INPUT, run().code());
    }

    @Test
    void evaluateJsonHasTheDocumentedKeys() {
        Run r = run("evaluate", "--agent", pong(), "--game", "Pong-v4", "--episodes", "3", "--max-steps", "40", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        String json = r.out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertEquals(1, json.lines().count());
        for (String key : new String[] {"\"scores\": [", "\"lengths\": [40, 40, 40]", "\"mean\": ", "\"sd\": ", "\"steps_per_second\": ",
            "\"agent_sha256\": \"070942837671289755da61918afa47eef4cc24c60bc18e6cf03cfc07e4255bbd\"", "\"rom_md5\": \"60e0ea3cbe0913d39803477945e9e5ec\""}) {
            assertTrue(json.contains(key), key + " missing in " + json);
        }
    }

    @Test
    void evaluateIsReproducible() {
        String[] args = {"evaluate", "--agent", pong(), "--game", "Pong-v4", "--episodes", "2", "--max-steps", "60", "--json", "--quiet", "--seed", "5"};
        // everything but the timings and the creation time of the provenance
        String a = run(args).out().replaceAll("\"(seconds|steps_per_second)\": [0-9.E-]+", "").replaceAll("\"created\": \"[^\"]*\"", "");
        String b = run(args).out().replaceAll("\"(seconds|steps_per_second)\": [0-9.E-]+", "").replaceAll("\"created\": \"[^\"]*\"", "");
        assertEquals(a, b);
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        assertOneLineError(run("evaluate", "--agent", pong(), "--game", "pongg"), ExitCodes.BAD_INPUT, "closest: pong");
        assertOneLineError(run("evaluate", "--agent", pong(), "--game", "Pong-v4", "--rom", tmp.resolve("none.bin").toString()),
                ExitCodes.MISSING_OR_MISMATCH, "ROM file not found");
        assertOneLineError(run("evaluate", "--agent", TestAssets.agent("breakout-v4", 80).toString(), "--game", "Pong-v4"),
                ExitCodes.MISSING_OR_MISMATCH, "has 4 actions but the game has 6");
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello, I am not a checkpoint\n");
        assertOneLineError(run("evaluate", "--agent", text.toString(), "--game", "Pong-v4"), ExitCodes.MISSING_OR_MISMATCH, "notes.txt");
        byte[] all = Files.readAllBytes(Path.of(pong()));
        Path cut = tmp.resolve("truncated.tar");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertOneLineError(run("evaluate", "--agent", cut.toString(), "--game", "Pong-v4"), ExitCodes.MISSING_OR_MISMATCH, "truncated.tar");
        assertOneLineError(run("evaluate", "--agent", tmp.resolve("missing.tar").toString(), "--game", "Pong-v4"),
                ExitCodes.MISSING_OR_MISMATCH, "missing.tar");
        assertOneLineError(run("evaluate", "--agent", pong(), "--game", "Pong-v4", "--policy", "best"), ExitCodes.BAD_INPUT, "--policy must be one of greedy, sample");
        assertOneLineError(run("evaluate", "--agent", pong(), "--game", "Pong-v4", "--episodes", "0"), ExitCodes.BAD_INPUT, "--episodes");
        Run unknownOption = run("evaluate", "--agnt", pong());
        assertEquals(ExitCodes.BAD_INPUT, unknownOption.code());
        assertTrue(unknownOption.err().contains("--agnt"), unknownOption.err());
    }

    /** A file that is not a ROM: one error line (exit 3) and none of ALE's raw lines, which bypass System.err. */
    @Test
    void badRomGivesOneLineAndNothingFromTheEmulator() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello world\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datari.home=" + TestRoms.projectRoot(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "record", "--agent", pong(), "--game", "Pong-v4", "--rom", text.toString(), "--out", tmp.resolve("o.mp4").toString()));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, p.exitValue(), out + err);
        assertEquals("", out, "nothing on stdout");
        assertEquals(List.of("error: " + text + " is not an Atari 2600 ROM (12 bytes; ROMs are 2-64 KiB .bin files);"
                + " pass a ROM from ale-py or omit --rom"), err.lines().toList());
        // in-process (before the fix ALE ended the test's own JVM here)
        byte[] noise = new byte[4096];
        new java.util.Random(3).nextBytes(noise);
        for (Path bad : new Path[] {Files.write(tmp.resolve("random.bin"), noise), Files.write(tmp.resolve("empty.bin"), new byte[0]),
            Files.createDirectory(tmp.resolve("folder.bin"))}) {
            assertOneLineError(run("evaluate", "--agent", pong(), "--game", "Pong-v4", "--rom", bad.toString()),
                    ExitCodes.MISSING_OR_MISMATCH, bad + " is not an Atari 2600 ROM", "omit --rom");
        }
    }

    /** An agent path that is a fifo or a folder: one error line at once, never a hang reading the pipe. */
    @Test
    void agentThatIsNotARegularFileIsRefusedPromptly() throws Exception {
        Path fifo = tmp.resolve("agent.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        Path dir = Files.createDirectory(tmp.resolve("agent.tar"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertOneLineError(run("info", "--agent", fifo.toString()), ExitCodes.MISSING_OR_MISMATCH,
                    fifo + ": is a fifo, not a regular file; pass an agent checkpoint file");
            assertOneLineError(run("info", "--agent", dir.toString()), ExitCodes.MISSING_OR_MISMATCH,
                    dir + ": is a directory, not a regular file");
        });
    }

    /** A real process: the ALE banner and ND4J/SLF4J chatter must not reach the user's terminal. */
    @Test
    void noBannerOrLogNoiseOnStderr() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datari.home=" + TestRoms.projectRoot(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "evaluate", "--agent", pong(), "--game", "Pong-v4", "--episodes", "2", "--max-steps", "30", "--quiet"));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err.trim(), "stderr should be empty with --quiet");
        assertTrue(out.contains("mean "), out);
        assertFalse(out.contains("A.L.E"), out);
    }
}
