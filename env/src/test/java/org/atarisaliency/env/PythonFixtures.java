package org.atarisaliency.env;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: locates the project and runs Python (numpy/Pillow/ale-py from .deps/python). */
final class PythonFixtures {

    static final String SETUP = "run the set-up: pip install --target .deps/python ale-py numpy pillow";
    /** The set-up hint of the Stable-Baselines3 fixtures (OpenCV, gymnasium, SB3's wrappers in .deps/sb3py). */
    static final String SB3_SETUP = "run the set-up: ./atari-saliency setup --tests (installs opencv-python-headless, "
            + "gymnasium, stable-baselines3 into .deps/sb3py)";

    private PythonFixtures() {
    }

    /** Project root: system property atari.project, else walk up to a dir with pom.xml and env/. */
    static Path projectRoot() {
        String prop = System.getProperty("atari.project");
        List<Path> starts = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            starts.add(Path.of(prop));
        }
        starts.add(Path.of(System.getProperty("user.dir")));
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("env"))) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find the project root (a dir with pom.xml and env/) from "
                + starts);
    }

    /**
     * Runs {@code python3 script args...} with PYTHONPATH=<root>/.deps/python; fails the test with
     * a one-line set-up hint when Python or its packages are missing or the script fails.
     */
    static String run(Path script, String... args) {
        return run(List.of(".deps/python"), SETUP, script, args);
    }

    /**
     * Runs {@code python3 script args...} with PYTHONPATH=the given .deps folders (relative to the
     * project root, in order); fails the test with {@code setup} as the hint when packages are missing.
     */
    static String run(List<String> depDirs, String setup, Path script, String... args) {
        Path root = projectRoot();
        List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(root.toFile());
        String deps = String.join(":", depDirs.stream().map(d -> root.resolve(d).toString()).toList());
        String old = pb.environment().get("PYTHONPATH");
        pb.environment().put("PYTHONPATH", old == null || old.isEmpty() ? deps : deps + ":" + old);
        String output;
        int rc;
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + cmd);
            }
            output = new String(bytes, StandardCharsets.UTF_8).strip();
            rc = p.exitValue();
        } catch (IOException e) {
            fail("python3 not runnable (" + e.getMessage() + "); " + setup);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
            return null;
        }
        if (rc != 0) {
            String last = output.isEmpty() ? "" : output.lines().reduce((a, b) -> b).orElse("");
            if (rc == 3 || output.contains("ModuleNotFoundError") || output.contains("ImportError")) {
                fail("Python packages missing for the test fixtures (" + last.replace("; " + setup, "") + "); " + setup);
            }
            fail(script.getFileName() + " failed (exit " + rc + "): " + output.replace("\n", " | "));
        }
        return output;
    }

    /** Runs a Python snippet (python3 -c). */
    static String runCode(String code) {
        try {
            Path tmp = Files.createTempFile("atari-py-", ".py");
            try {
                Files.writeString(tmp, "import sys\ntry:\n    import numpy\nexcept ImportError as e:\n"
                        + "    print('missing Python package (%s)' % e, file=sys.stderr); sys.exit(3)\n" + code);
                return run(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
