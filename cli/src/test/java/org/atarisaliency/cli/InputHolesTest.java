package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs an outside probe found accepted or badly reported; each is refused in one line naming the fix. */
class InputHolesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static void oneLine(CliTest.Run r, int code, String... needles) {
        assertEquals(code, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: "), e);
        for (String n : needles) {
            assertTrue(e.contains(n), "'" + n + "' not in: " + e);
        }
    }

    private Path frame() throws Exception {
        Path f = tmp.resolve("frame.npy");
        byte[] rgb;
        try (var env = org.atarisaliency.env.AtariEnv.open(org.atarisaliency.env.GameIds.resolve("pong", List.of("pong")),
                TestRoms.rom("pong"), 0, 0)) {
            rgb = env.frame();
        }
        Npy.writeUint8(f, rgb, 210, 160, 3);
        return f;
    }

    @Test
    void aNonFiniteStateIsRefusedAndNothingIsWritten() throws Exception {
        float[] h = new float[256];
        h[17] = Float.NaN;
        Path state = tmp.resolve("state.npy");
        Npy.writeFloat32(state, h, 256);
        Path out = tmp.resolve("maps");
        CliTest.Run r = CliTest.run("saliency", "--agent", CliTest.pong(), "--frame", frame().toString(), "--state", state.toString(),
                "--out", out.toString(), "--quiet");
        oneLine(r, 2, "non-finite value", "index 17");
        assertFalse(Files.exists(out.resolve("actor.npy")));
    }

    @Test
    void aNonFiniteSaliencyScaleIsRefused() {
        for (String v : List.of("Infinity", "NaN", "0", "-1")) {
            CliTest.Run r = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--saliency-scale", v, "--frames", "2",
                    "--out", tmp.resolve("x.mp4").toString(), "--quiet");
            // NaN and infinities are refused where every floating-point option is parsed (FiniteNumbers)
            oneLine(r, 2, v.equals("Infinity") || v.equals("NaN") ? "'--saliency-scale' (A[,C]): '" + v + "' is not a finite number"
                    : "--saliency-scale must be finite numbers > 0");
        }
        assertFalse(Files.exists(tmp.resolve("x.mp4")));
    }

    @Test
    void anOutputWhereAFileIsInTheWaySaysSo() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        CliTest.Run r = CliTest.run("saliency", "--agent", CliTest.pong(), "--frame", frame().toString(), "--out", file.toString(), "--quiet");
        oneLine(r, 1, file.toString(), "is a file, not a folder", "remove the file");
        CliTest.Run rec = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "2",
                "--out", file.resolve("clip.mp4").toString(), "--quiet");
        oneLine(rec, 1, "is a file, not a folder");
        Path folder = Files.createDirectories(tmp.resolve("clip.mp4"));
        oneLine(CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "2", "--out", folder.toString(), "--quiet"), 2,
                "--out names a folder");
    }

    @Test
    void staleTemporariesOfAKilledRunAreRemoved() throws Exception {
        Path stale = Files.writeString(tmp.resolve(".clip.actor.npy1234567.part"), "left by a killed run");
        Path other = Files.writeString(tmp.resolve(".notes.txt99.part"), "not ours to remove");
        CliTest.Run r = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "2", "--out",
                tmp.resolve("clip.mp4").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(other));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".clip")).toList());
        }
    }

    @Test
    void aTerminatedRecordingLeavesNoTemporaries() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datari.home=" + TestRoms.projectRoot(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "2000", "--out", tmp.resolve("long.mp4").toString(),
                "--quiet");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (parts().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(parts().isEmpty(), "the recording started writing");
        Thread.sleep(1500);
        p.destroy(); // SIGTERM, as Ctrl-C or a scheduler would
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of(), parts(), "temporaries left behind");
        assertFalse(Files.exists(tmp.resolve("long.mp4")));
    }

    private List<String> parts() throws java.io.IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(q -> q.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }

    @Test
    void helpSummariesAreWholeSentencesWithoutWarnings() {
        CliTest.Run top = CliTest.run("--help");
        List<String> lines = top.out().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("  ") && !line.startsWith("   ") && !line.contains("--") && !line.strip().startsWith("help")) {
                // a command's summary, possibly wrapped onto the lines below it (indented deeper than the command names)
                StringBuilder summary = new StringBuilder(line.strip());
                for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("              "); j++) {
                    summary.append(' ').append(lines.get(j).strip());
                }
                assertTrue(summary.toString().endsWith("."), "summary cut: " + summary);
            }
        }
        for (String c : List.of("record", "intervene", "saliency", "memory", "sanity", "evaluate", "run", "run-job", "status", "study", "info", "games",
                "shortcut", "shortcut-compare", "train")) {
            CliTest.Run r = CliTest.run(c, "--help");
            assertEquals(0, r.code());
            assertFalse((r.out() + r.err()).contains("picocli WARN"), c + ": " + r.out() + r.err());
            assertFalse((r.out() + r.err()).contains("Could not format"), c);
        }
        for (String sub : List.of("build", "serve", "export")) {
            CliTest.Run r = CliTest.run("study", sub, "--help");
            assertEquals(0, r.code());
            assertFalse((r.out() + r.err()).contains("WARN"), sub + ": " + r.err());
        }
        CliTest.Run b = CliTest.run("bench", "saliency", "--help");
        assertFalse((b.out() + b.err()).contains("WARN"), b.err());
    }

    /**
     * Picocli formats every description line with String.format and, where that fails, prints a warning to the
     * System.err it captured when it loaded (out of reach of the runs above) and shows the line unformatted: a
     * lone '%' (write "%%"). Every line of every command's description must format.
     */
    @Test
    void everyDescriptionLineFormats() {
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(Main.newCommandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter())));
        int checked = 0;
        while (!todo.isEmpty()) {
            picocli.CommandLine cl = todo.poll();
            todo.addAll(cl.getSubcommands().values());
            // the command's own lines (an option's description() comes back with "%%" already made "%")
            for (String line : cl.getCommandSpec().usageMessage().description()) {
                String where = cl.getCommandSpec().qualifiedName() + ": " + line;
                assertDoesNotThrow(() -> String.format(line), where);
                checked++;
            }
        }
        assertTrue(checked > 100, "description lines checked: " + checked);
    }
}
