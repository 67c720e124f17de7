package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;


/** Locates shared assets and the project, and runs the Python reference tool. */
final class TestSupport {
    private static Boolean pythonOk;

    private TestSupport() {
    }

    /** Project root: system property atari.project (set by surefire), else the parent of the module dir. */
    static Path projectDir() {
        String p = System.getProperty("atari.project");
        return (p != null && !p.isBlank() ? Path.of(p) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** Shared assets: property atari.shared, env ATARI_SHARED, else ../shared next to the project. */
    static Path sharedDir() {
        String p = System.getProperty("atari.shared");
        if (p == null || p.isBlank()) {
            p = System.getenv("ATARI_SHARED");
        }
        return p != null && !p.isBlank() ? Path.of(p) : projectDir().resolve("../shared").normalize();
    }

    /** A shared baby-a3c checkpoint; the test fails when the shared assets are absent (set -Datari.shared). */
    static Path babyA3c(String game, int step) {
        Path f = sharedDir().resolve("agents/baby-a3c/" + game + "/model." + step + ".tar");
        assertTrue(Files.isRegularFile(f), "shared asset missing: " + f + " (set -Datari.shared=DIR)");
        return f;
    }

    /** Runs torch_ckpt_tool.py with numpy from .deps/python; fails if python3/numpy is missing (run ./run-tests). */
    static List<String> python(String... args) throws IOException, InterruptedException {
        assertTrue(pythonAvailable(), "python3 with numpy not available; run the set-up: ./atari-saliency setup --tests");
        List<String> cmd = new ArrayList<>(List.of("python3",
                projectDir().resolve("agents/src/test/python/torch_ckpt_tool.py").toString()));
        cmd.addAll(List.of(args));
        Process p = start(cmd);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "python " + args[0] + " failed: " + out);
        return out.lines().filter(l -> !l.isEmpty() && !l.contains("Warning")).toList();
    }

    private static synchronized boolean pythonAvailable() {
        if (pythonOk == null) {
            try {
                Process p = start(List.of("python3", "-c", "import numpy"));
                p.getInputStream().readAllBytes();
                pythonOk = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException | InterruptedException e) {
                pythonOk = false;
            }
        }
        return pythonOk;
    }

    private static Process start(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", projectDir().resolve(".deps/python").toString());
        pb.environment().put("PYTHONWARNINGS", "ignore");
        return pb.start();
    }

    /** Float32 values from comma-separated hex bit patterns (as printed by the Python tool). */
    static float[] floatsFromBits(String csv) {
        if (csv.isEmpty()) {
            return new float[0];
        }
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16));
        }
        return v;
    }

    /** Shape from a comma-separated list ("" is a scalar). */
    static long[] shape(String csv) {
        return csv.isEmpty() ? new long[0] : java.util.Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** Checks that a checkpoint error is one line and names the file. */
    static void assertGoodMessage(CheckpointException e, String fileName) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message must be one line: " + m);
        assertTrue(m.startsWith(fileName), "message must start with the file name: " + m);
    }
}
