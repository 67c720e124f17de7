package org.atarisaliency.agents.sb3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's /usr/bin/python3 (python3-torch) with PYTHONPATH=.deps/sb3 (Stable-Baselines3, sb3-contrib,
 * gymnasium, ale-py; run-tests installs agents/src/test/python/sb3-torch-requirements.txt), for the tests
 * that check our SB3/CleanRL agents against the real libraries.
 */
public final class Sb3Python {
    /** Debian's interpreter, whose numpy matches its torch. */
    public static final String PYTHON = "/usr/bin/python3";

    /** A finished script: its exit status and its output (stdout and stderr together). */
    public record Result(int exit, String out) {
    }

    private Sb3Python() {
    }

    /** The packages' folder. */
    public static Path deps() {
        return TestRoms.projectRoot().resolve(".deps/sb3");
    }

    /**
     * Skips the calling test class unless python can import {@code modules} (comma separated); with
     * -Datari.sb3.required=true (run-tests installed them) their absence fails instead.
     */
    public static void requireOrSkip(String modules) throws IOException, InterruptedException {
        boolean ready = Files.isDirectory(deps()) && run("-c", "import " + modules).exit() == 0;
        String why = PYTHON + " cannot import " + modules + " from " + deps() + " (run-tests installs them: agents/src/test/python/sb3-torch-requirements.txt)";
        if (Boolean.getBoolean("atari.sb3.required")) {
            Assertions.assertTrue(ready, why);
        }
        Assumptions.assumeTrue(ready, why);
    }

    /** Runs python with {@code args} (one OpenMP thread), at most 10 minutes. */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", deps().toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** Deletes a folder tree (a test's temporary agents), if any. */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
