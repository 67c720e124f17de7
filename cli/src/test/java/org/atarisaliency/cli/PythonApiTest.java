package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;

/**
 * The Python package's tests (python/tests, pytest) against the package as the test set-up installs it
 * ({@code ./atari-saliency setup --tests}: python/ and JPype1 into .deps/pyapi), under Debian's /usr/bin/python3 with
 * .deps/sb3 (Stable-Baselines3, torch's numpy, pandas), its JVM on this build's classes (ATARI_SALIENCY_CLASSPATH).
 */
class PythonApiTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pythonPackageTestsPass() throws Exception {
        Path root = TestRoms.projectRoot();
        Path installed = root.resolve(".deps/pyapi/atari_saliency");
        assertTrue(Files.isDirectory(installed), "the Python package is not installed: run ./atari-saliency setup --tests (installs python/ into .deps/pyapi)");
        for (Path source : Files.list(root.resolve("python/atari_saliency")).filter(p -> p.toString().endsWith(".py")).toList()) {
            Path copy = installed.resolve(source.getFileName());
            assertTrue(Files.exists(copy) && Files.mismatch(source, copy) == -1,
                    copy + " differs from " + source + ": run ./atari-saliency setup --tests to install the package again");
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning",
                root.resolve("python/tests").toString()).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", root.resolve(".deps/pyapi") + ":" + root.resolve(".deps/sb3"));
        pb.environment().put("ATARI_SALIENCY_HOME", root.toString());
        // surefire keeps the real class path here (java.class.path may be its manifest-only jar)
        pb.environment().put("ATARI_SALIENCY_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        pb.environment().put("ATARI_SHARED", TestAssets.shared().toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\d+ passed.*")), out);
    }
}
