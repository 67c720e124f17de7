package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python package {@code atari_saliency} as the test set-up installs it ({@code ./atari-saliency setup --tests}:
 * python/ with JPype1, pytest and the notebook executor's packages into .deps/pyapi), under Debian's /usr/bin/python3
 * with .deps/sb3 (Stable-Baselines3 with torch, and torch's numpy), its JVM on this build's classes
 * (ATARI_SALIENCY_CLASSPATH): its pytest tests (python/tests) and the notebook notebooks/python_api.ipynb.
 */
class PythonApiTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    /** The installed package is python/'s current sources (else the tests would test an old copy). */
    @BeforeAll
    static void installed() throws IOException {
        Path root = TestRoms.projectRoot();
        Path installed = root.resolve(".deps/pyapi/atari_saliency");
        assertTrue(Files.isDirectory(installed), "the Python package is not installed: run ./atari-saliency setup --tests (installs python/ into .deps/pyapi)");
        try (var sources = Files.list(root.resolve("python/atari_saliency"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".py")).toList()) {
                Path copy = installed.resolve(source.getFileName());
                assertTrue(Files.exists(copy) && Files.mismatch(source, copy) == -1,
                        copy + " differs from " + source + ": run ./atari-saliency setup --tests to install the package again");
            }
        }
    }

    @Test
    void pythonPackageTestsPass() throws Exception {
        String out = python(0, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning",
                TestRoms.projectRoot().resolve("python/tests").toString());
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d+ passed.*")), out);
    }

    @Test
    void pythonApiNotebookExecutes() throws Exception {
        String out = python(0, TestRoms.projectRoot().resolve("notebooks/execute.py").toString(), "python_api", "--out", tmp.toString());
        assertTrue(out.lines().anyMatch(l -> l.startsWith("python_api.ipynb") && l.contains(" OK ")), out);
        String executed = Files.readString(tmp.resolve("python_api.ipynb"));
        assertTrue(executed.contains("Outputs(saliency") && executed.contains("NotFoundOrMismatchError (exit code 3): --game Pong-v4 is not how"), executed);
        assertTrue(Files.isRegularFile(tmp.resolve("python_api_figures/cell08_0.png")), "the saliency figure is missing");
    }

    /** /usr/bin/python3 ARGS in the package's environment, from the checkout's root; it must exit with {@code code}. Its output. */
    private static String python(int code, String... args) throws Exception {
        Path root = TestRoms.projectRoot();
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", root.resolve(".deps/pyapi") + ":" + root.resolve(".deps/sb3"));
        pb.environment().put("ATARI_SALIENCY_HOME", root.toString());
        // surefire keeps the real class path here (java.class.path may be its manifest-only jar)
        pb.environment().put("ATARI_SALIENCY_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        pb.environment().put("ATARI_SHARED", TestAssets.shared().toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), out);
        assertEquals(code, p.exitValue(), out);
        return out;
    }
}
