package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code view}'s one-line errors: a path it cannot open, a port in use. */
class ViewCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run view(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** A recording's files with one step (no frames, no video): enough for the server to start. */
    private Path tinyRecording() throws Exception {
        Path stem = tmp.resolve("clip");
        Files.writeString(Path.of(stem + ".run.json"), "{\"command\": \"record\", \"settings\": {\"fps\": 15}}");
        Npy.writeFloat32(Path.of(stem + ".actor.npy"), new float[80 * 80], 1, 80, 80);
        Files.writeString(Path.of(stem + ".steps.csv"), "step,action,action_name,p_NOOP,value,reward,score,lives\n0,0,NOOP,1,0.5,0,0,0\n");
        return stem;
    }

    @Test
    void aFolderWithNothingToViewIsOneLineNamingWhatToGive() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        Run r = view("view", tmp.resolve("empty").toString(), "--no-open");
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: not a recording, run, study or analysis folder: " + tmp.resolve("empty") + "; give a record output"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aMissingPathIsFileNotFound() {
        Run r = view("view", tmp.resolve("nothing.mp4").toString(), "--no-open");
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, r.code(), r.err());
        assertEquals("error: file not found: " + tmp.resolve("nothing.mp4"), r.err().strip());
    }

    @Test
    void aPortInUseNamesTheFlagThatChoosesAnother() throws Exception {
        Path stem = tinyRecording();
        java.util.Set<Path> exportsBefore = exportFolders();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = view("view", stem.toString(), "--port", String.valueOf(taken.getLocalPort()), "--no-open");
            assertEquals(ExitCodes.FAILURE, r.code(), r.err());
            assertEquals("error: port " + taken.getLocalPort() + " on 127.0.0.1 is in use (another view, or another program); choose another with --port N,"
                    + " or --port 0 for any free port", r.err().strip());
        }
        assertEquals(exportsBefore, exportFolders(), "a view that could not start left its exports folder behind");
    }

    private static java.util.Set<Path> exportFolders() throws java.io.IOException {
        try (var all = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("atari-view-exports")).collect(java.util.stream.Collectors.toSet());
        }
    }
}
