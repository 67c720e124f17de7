package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.cli.Main;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in notebooks/ executes end to end (nbclient, a real Jupyter kernel) on a small
 * run with every job type that this test makes first, and those that read one command's output
 * (memory, intervene, record, saliency) on such outputs, made here with short runs of the bundled
 * `pong`. The notebooks' Python packages are pinned in notebooks/requirements.txt and installed
 * into .deps/notebooks by `./atari-saliency setup --tests`.
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
        List<Path> notebooks;
        try (var s = Files.list(root.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(notebooks.size() >= 5, notebooks.toString());
        for (Path nb : notebooks) {
            assertFalse(Files.readString(nb, StandardCharsets.UTF_8).contains("\"output_type\""), nb + " is committed with outputs");
        }
        // python_api runs in the Python package's environment (execute.py's OWN_ENVIRONMENT; PythonApiTest executes it)
        notebooks = notebooks.stream().filter(p -> !p.getFileName().toString().equals("python_api.ipynb")).toList();

        Path cfg = tmp.resolve("nb.yaml");
        Files.writeString(cfg, ExperimentRunTest.config("nb"));
        ExperimentRunner.Summary s = ExperimentRunTest.run(cfg, tmp.resolve("runs"), 2, false);
        assertEquals(0, s.failed());

        Path executed = tmp.resolve("executed");
        Executed r = execute(tmp.resolve("runs/nb"), executed);
        assertEquals(0, r.code(), r.out());
        assertExecuted(r, executed, notebooks.stream().map(p -> p.getFileName().toString()).toArray(String[]::new));
        // nothing was written into the run or into the repository's notebooks
        for (Path nb : notebooks) {
            assertFalse(Files.readString(nb, StandardCharsets.UTF_8).contains("\"output_type\""), nb + " was modified");
        }
    }

    @Test
    void notebooksReadTheOutputOfOneCommand() throws Exception {
        command("memory", "--frames", "20", "--stride", "10", "--recovery-every", "10", "--ablation-episodes", "1",
                "--ablation-max-steps", "30", "--ablation-periods", "1,0", "--out", tmp.resolve("memory").toString());
        command("intervene", "--frames", "6", "--skip", "30", "--stride", "10", "--out", tmp.resolve("intervene").toString());
        command("record", "--frames", "5", "--stride", "10", "--scale", "1", "--out", tmp.resolve("rec/pong.mp4").toString());
        Path frame = tmp.resolve("frame.npy");
        try (AtariEnv env = AtariEnv.open(GameIds.resolve("Pong-v4", List.of("pong")), TestRoms.rom("pong"), 0, 0)) {
            Npy.writeUint8(frame, env.frame(), 210, 160, 3);
        }
        command("saliency", "--frame", frame.toString(), "--stride", "10", "--out", tmp.resolve("saliency").toString());
        command("shortcut", "--episodes", "2", "--max-steps", "200", "--frames", "3", "--skip", "60", "--stride", "10", "--out",
                tmp.resolve("shortcut").toString());

        // by default, execute.py runs the notebooks that read the command's output: each must run without error
        String[][] cases = {{"memory", "memory_role.ipynb"}, {"intervene", "counterfactuals.ipynb"},
            {"rec/pong", "read_recording.ipynb", "saliency_tour.ipynb"}, {"saliency", "saliency_tour.ipynb"}, {"shortcut", "shortcut.ipynb"}};
        for (String[] c : cases) {
            Path executed = tmp.resolve("executed-" + c[0].replace('/', '-'));
            Executed r = execute(tmp.resolve(c[0]), executed);
            assertEquals(0, r.code(), r.out());
            assertExecuted(r, executed, java.util.Arrays.copyOfRange(c, 1, c.length));
            assertTrue(r.out().contains("executing " + (c.length - 1) + " notebooks"), r.out());
        }
        // a recording is named by its video, its stem or its folder alike
        Executed forms = python("-c", "import sys; sys.path.insert(0, 'notebooks'); import atari_run as a; "
                + "[print(*a.recognise(sys.argv[1] + p)[::2]) for p in ('/pong.mp4', '/pong', '')]", tmp.resolve("rec").toString());
        String stem = "record " + tmp.resolve("rec").toRealPath().resolve("pong");
        assertEquals(List.of(stem, stem, stem), forms.out().lines().toList(), forms.out());
        // a notebook that needs several jobs names the config that makes them, in one line; an unknown folder is refused
        Executed single = execute(tmp.resolve("memory"), null, "learning_progression");
        assertEquals(1, single.code(), single.out());
        assertTrue(single.out().contains("RunFolderError: learning_progression compares several jobs")
                && single.out().contains("./atari-saliency run examples/pong-learning-progression.yaml"), single.out());
        Executed neither = execute(tmp.resolve("rec"), null, "memory_role");
        assertEquals(1, neither.code(), neither.out());
        assertTrue(neither.out().contains("is the output of `record`, which this notebook does not read; memory_role reads an experiment "
                + "folder with manifest.json or a `memory --out DIR` folder"), neither.out());
        Executed unknown = execute(tmp, null);
        assertEquals(2, unknown.code(), unknown.out());
        assertTrue(unknown.out().contains("is not something the notebooks read"), unknown.out());
    }

    private record Executed(int code, String out) {
    }

    /** Runs one of the bundled `pong` agent's commands on Pong-v4 (its flags after the agent and game); it must succeed. */
    private static void command(String name, String... flags) {
        List<String> args = new ArrayList<>(List.of(name, "--agent", "pong"));
        if (!name.equals("saliency")) {
            args.addAll(List.of("--game", "Pong-v4"));
        }
        args.addAll(List.of(flags));
        args.add("--quiet");
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)), name + ": " + err);
    }

    /** notebooks/execute.py on RUN (an experiment run or a command's output), the executed copies in OUT (or none). */
    private static Executed execute(Path run, Path out, String... notebooks) throws Exception {
        List<String> args = new ArrayList<>(List.of(TestRoms.projectRoot().resolve("notebooks/execute.py").toString(), "--run", run.toString()));
        if (out != null) {
            args.addAll(List.of("--out", out.toString()));
        }
        args.addAll(List.of(notebooks));
        return python(args.toArray(String[]::new));
    }

    /** python3 ARGS with the notebooks' packages, in the checkout's root: its exit code and output. */
    private static Executed python(String... args) throws Exception {
        Path deps = TestRoms.projectRoot().resolve(".deps/notebooks");
        assertTrue(Files.isDirectory(deps), "the notebooks' packages are missing: run ./atari-saliency setup --tests (installs "
                + "notebooks/requirements.txt into .deps/notebooks)");
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(TestRoms.projectRoot().toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", deps.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), out);
        return new Executed(p.exitValue(), out);
    }

    /** Each named notebook ran OK and its executed copy in OUT has outputs. */
    private static void assertExecuted(Executed r, Path out, String... names) throws Exception {
        for (String name : names) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.contains(" OK ")), name + " not executed: " + r.out());
            Path original = TestRoms.projectRoot().resolve("notebooks").resolve(name);
            assertTrue(Files.size(out.resolve(name)) > Files.size(original), name + ": the executed copy has no outputs");
        }
    }
}
