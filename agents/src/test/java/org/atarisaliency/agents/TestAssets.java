package org.atarisaliency.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.env.TestRoms;

/** Test helpers: the shared agents and the project-local Python. */
public final class TestAssets {
    private TestAssets() {
    }

    /** The shared test assets folder: property atari.shared, env ATARI_SHARED, else ../shared beside the project. */
    public static Path shared() {
        String p = System.getProperty("atari.shared");
        if (p == null || p.isBlank()) {
            p = System.getenv("ATARI_SHARED");
        }
        Path dir = p == null || p.isBlank() ? TestRoms.projectRoot().resolve("../shared") : Path.of(p);
        assertTrue(Files.isDirectory(dir.resolve("agents/baby-a3c")), "shared test assets not found at " + dir + " (set -Datari.shared)");
        return dir.normalize();
    }

    /** A shared baby-a3c checkpoint, e.g. agent("pong-v4", 80). */
    public static Path agent(String game, int millions) {
        return shared().resolve("agents/baby-a3c/" + game + "/model." + millions + ".tar");
    }

    /** Runs a Python script with the project-local packages; fails with the output when it fails. */
    public static String python(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", TestRoms.projectRoot().resolve(".deps/python").toString());
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(300, TimeUnit.SECONDS), "python timed out: " + script);
        assertEquals(0, proc.exitValue(), "python failed (run the set-up: ./atari-saliency setup): " + script + "\n" + out);
        return out;
    }
}
