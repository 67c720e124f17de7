package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ executes end to end (nbclient, a real Jupyter kernel) on a small
 * run with every job type that this test makes first. The notebooks' Python packages are pinned in
 * notebooks/requirements.txt and installed into .deps/notebooks by `./atari-saliency setup --tests`.
 */
class NotebooksTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void everyNotebookRunsOnARealRun() throws Exception {
        Path root = TestRoms.projectRoot();
        Path deps = root.resolve(".deps/notebooks");
        assertTrue(Files.isDirectory(deps), "the notebooks' packages are missing: run ./atari-saliency setup --tests (installs "
                + "notebooks/requirements.txt into .deps/notebooks)");
        List<Path> notebooks;
        try (var s = Files.list(root.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 5, notebooks.toString());
        for (Path nb : notebooks) {
            assertFalse(Files.readString(nb, StandardCharsets.UTF_8).contains("\"output_type\""), nb + " is committed with outputs");
        }

        Path cfg = tmp.resolve("nb.yaml");
        Files.writeString(cfg, ExperimentRunTest.config("nb"));
        ExperimentRunner.Summary s = ExperimentRunTest.run(cfg, tmp.resolve("runs"), 2, false);
        assertEquals(0, s.failed());

        Path executed = tmp.resolve("executed");
        ProcessBuilder pb = new ProcessBuilder("python3", root.resolve("notebooks/execute.py").toString(), "--run",
                tmp.resolve("runs/nb").toString(), "--out", executed.toString()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", deps.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        for (Path nb : notebooks) {
            String name = nb.getFileName().toString();
            assertTrue(out.lines().anyMatch(l -> l.contains(name) && l.contains("OK")), name + " not executed: " + out);
            assertTrue(Files.size(executed.resolve(name)) > Files.size(nb), name + ": the executed copy has no outputs");
        }
        // nothing was written into the run or into the repository's notebooks
        for (Path nb : notebooks) {
            assertFalse(Files.readString(nb, StandardCharsets.UTF_8).contains("\"output_type\""), nb + " was modified");
        }
    }
}
