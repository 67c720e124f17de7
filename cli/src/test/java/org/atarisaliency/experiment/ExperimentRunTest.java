package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.cli.Main;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiment runs end to end on the real Pong agents: every job type, resume, --force, byte-identical
 * NPY outputs across worker counts, and a real process killed mid-run then resumed.
 */
class ExperimentRunTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    /** The start of a config: its name and the two real Pong checkpoints, labelled p40 and p80. */
    static String pongAgents(String name) {
        return "experiment: " + name + "\n"
                + "agents:\n"
                + "  - {label: p40, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4}\n"
                + "  - {label: p80, file: " + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}\n";
    }

    /** A small experiment with every job type. */
    static String config(String name) {
        return pongAgents(name)
                + "seeds: [0]\n"
                + "frames: [{start: 40, count: 6}]\n"
                + "methods: [{method: perturbation, stride: 8, radius: 5}, jacobian]\n"
                + "outputs:\n"
                + "  maps: true\n"
                + "  video: {scale: 1, stride: 8}\n"
                + "  evaluate: {episodes: 1, max_steps: 200}\n"
                + "  memory: {frames: 30, ablation_episodes: 1, ablation_periods: [4], ablation_max_steps: 100, recovery_every: 10, stride: 10}\n"
                + "  sanity: {frames: 1, skip: 40, steps: 4, stride: 10}\n"
                + "  counterfactuals: {frames: 3, skip: 30, stride: 10}\n"
                + "  progression: {stride: 8}\n";
    }

    private Path configFile(String name) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, config(name));
        return f;
    }

    /** Runs a config in-process; every job must succeed. */
    static ExperimentRunner.Summary run(Path config, Path out, int workers, boolean force) throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(config));
        return new ExperimentRunner(plan, new ExperimentRunner.Options(out, workers, force)).run(new ExperimentRunner.Listener() {
            @Override
            public void onProgress(int finished, int total, double fraction, double elapsed, List<String> running) {
            }

            @Override
            public void onJobEnd(JobSpec job, String status, double seconds, String error) {
                assertEquals("done", status, job.id() + ": " + error);
            }
        });
    }

    /** Every NPY file under an experiment folder, by relative path, with its bytes. */
    private static Map<String, byte[]> npys(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".npy")).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertSameNpys(Map<String, byte[]> a, Map<String, byte[]> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k + " differs");
        }
    }

    @Test
    void runsEveryJobTypeResumesAndIsReproducibleAcrossWorkerCounts() throws Exception {
        Path cfg = configFile("every");
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        ExperimentRunner.Summary s1 = run(cfg, one, 1, false);
        assertEquals(15, s1.total());
        assertEquals(15, s1.done());
        Path exp = one.resolve("every");
        for (String f : List.of("maps_p80_Pong-v4_s0_f40-46_perturbation/actor.npy", "maps_p80_Pong-v4_s0_f40-46_perturbation/frames.npy",
                "maps_p40_Pong-v4_s0_f40-46_jacobian/critic.npy", "video_p80_Pong-v4_s0_f40-46/video.mp4",
                "evaluate_p80_Pong-v4_s0/evaluate.json", "memory_p80_Pong-v4_s0/summary.json", "sanity_p40_Pong-v4_s0/sanity.json",
                "counterfactuals_p40_Pong-v4_s0/summary.json", "counterfactuals_p80_Pong-v4_s0/interventions.csv",
                "progression_Pong-v4_s0_f40-46/progression.mp4", "progression_Pong-v4_s0_f40-46/p40.actor.npy", "manifest.json")) {
            assertTrue(Files.size(exp.resolve(f)) > 0, f);
        }
        Npy.Array actor = Npy.read(exp.resolve("maps_p80_Pong-v4_s0_f40-46_perturbation/actor.npy"));
        assertArrayEquals(new int[] {6, 80, 80}, actor.shape());
        assertArrayEquals(new int[] {6, 210, 160, 3}, Npy.read(exp.resolve("maps_p80_Pong-v4_s0_f40-46_perturbation/frames.npy")).shape());
        // the maps job and the video job of the same agent and seed explain the same frames
        assertArrayEquals(actor.floats(), Npy.read(exp.resolve("video_p80_Pong-v4_s0_f40-46/video.actor.npy")).floats());
        // progression: the reference's maps on its own trajectory are the maps job's maps
        assertArrayEquals(actor.floats(), Npy.read(exp.resolve("progression_Pong-v4_s0_f40-46/p80.actor.npy")).floats());
        String manifest = Files.readString(exp.resolve("manifest.json"), StandardCharsets.UTF_8);
        assertTrue(manifest.contains("\"status\": {\"done\": 15}"), manifest.substring(0, Math.min(2000, manifest.length())));
        assertTrue(manifest.contains("agent_sha256") || manifest.contains("\"sha256\""), "manifest records agent checksums");
        assertTrue(manifest.contains("rom_md5"));

        // a second invocation finds everything done and touches nothing
        FileTime before = Files.getLastModifiedTime(exp.resolve("maps_p80_Pong-v4_s0_f40-46_perturbation/actor.npy"));
        ExperimentRunner.Summary again = run(cfg, one, 1, false);
        assertEquals(15, again.alreadyDone());
        assertEquals(0, again.done());
        assertEquals(before, Files.getLastModifiedTime(exp.resolve("maps_p80_Pong-v4_s0_f40-46_perturbation/actor.npy")));

        // one job from its job.json alone (as a distributed worker runs it): recognised as done, and identical when rerun elsewhere
        Path jobJson = exp.resolve("maps_p40_Pong-v4_s0_f40-46_jacobian/job.json");
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        assertEquals(0, Main.run(new String[] {"run-job", jobJson.toString(), "--out", exp.toString()}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true)), err.toString());
        assertTrue(out.toString().contains("already done"), out.toString());
        Path elsewhere = tmp.resolve("elsewhere");
        assertEquals(0, Main.run(new String[] {"run-job", jobJson.toString(), "--out", elsewhere.toString(), "--quiet"},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)), err.toString());
        assertSameNpys(npys(exp.resolve("maps_p40_Pong-v4_s0_f40-46_jacobian")), npys(elsewhere.resolve("maps_p40_Pong-v4_s0_f40-46_jacobian")));

        // run-job refuses what is not a job spec, and a spec whose agent file is not the one it was planned with
        err.getBuffer().setLength(0);
        assertEquals(2, Main.run(new String[] {"run-job", exp.resolve("manifest.json").toString(), "--out", elsewhere.toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)));
        assertTrue(err.toString().strip().startsWith("error: ") && err.toString().contains("not a job spec"), err.toString());
        Path otherAgent = tmp.resolve("job-other-agent.json");
        String edited = Files.readString(jobJson).replace(TestAssets.agent("pong-v4", 40).toString(), TestAssets.agent("pong-v4", 80).toString());
        // a consistent spec (its checksum updated too) naming an agent file whose content is not the planned one
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(edited)).get("spec");
        String oldSha = ((Map<?, ?>) new org.yaml.snakeyaml.Yaml().load(edited)).get("spec_sha256").toString();
        Files.writeString(otherAgent, edited.replace(oldSha, JobSpec.of(spec).hash()));
        err.getBuffer().setLength(0);
        assertEquals(1, Main.run(new String[] {"run-job", otherAgent.toString(), "--out", tmp.resolve("other").toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("has changed since the job was planned"), err.toString());

        // two workers: byte-identical NPY outputs
        ExperimentRunner.Summary s2 = run(cfg, two, 2, false);
        assertEquals(15, s2.done());
        assertSameNpys(npys(exp), npys(two.resolve("every")));

        // --force recomputes, to the same bytes
        ExperimentRunner.Summary forced = run(cfg, two, 2, true);
        assertEquals(15, forced.done());
        assertEquals(0, forced.alreadyDone());
        assertSameNpys(npys(exp), npys(two.resolve("every")));

        // a changed setting makes only the jobs it touches stale
        Files.writeString(cfg, config("every").replace("evaluate: {episodes: 1,", "evaluate: {episodes: 2,"));
        ExperimentRunner.Summary changed = run(cfg, one, 1, false);
        assertEquals(2, changed.done());
        assertEquals(13, changed.alreadyDone());
    }

    /** Agents with hints in a config: their jobs see the strip (expert or random), the others do not, and specs say so. */
    @Test
    void hintedAgentsPlayWithTheStrip() throws Exception {
        Path cfg = tmp.resolve("hinted.yaml");
        Files.writeString(cfg, "experiment: hinted\nagents:\n"
                + "  - {label: plain, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4}\n"
                + "  - {label: overfit, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4, hints: 'expert:" + TestAssets.agent("pong-v4", 80)
                + "'}\n  - {label: control, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4, hints: random}\n"
                + "frames: [{start: 30, count: 3}]\nmethods: [{method: perturbation, stride: 20}]\noutputs: {maps: true}\n");
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(cfg));
        assertFalse(plan.jobs().get(0).section("agent").containsKey("hints"), "an agent without hints has the spec it always had");
        assertEquals("random", plan.jobs().get(2).section("agent").get("hints"));
        run(cfg, tmp.resolve("h"), 1, false);
        Path exp = tmp.resolve("h").resolve("hinted");
        for (String label : List.of("plain", "overfit", "control")) {
            byte[] frames = Npy.read(exp.resolve("maps_" + label + "_Pong-v4_s0_f30-33_perturbation/frames.npy")).bytes();
            int bright = 0;
            for (int a = 0; a < 6; a++) {
                bright += (frames[(38 * 160 + 72 + 5 * a) * 3] & 0xff) == 250 ? 1 : 0;
            }
            assertEquals(label.equals("plain") ? 0 : 1, bright, label + ": one bright mark on hinted frames, none otherwise");
        }
        String job = Files.readString(exp.resolve("maps_overfit_Pong-v4_s0_f30-33_perturbation/job.json"));
        assertTrue(job.contains("\"hints_expert_sha256\": \"070942837671289755da61918afa47eef4cc24c60bc18e6cf03cfc07e4255bbd\""), job);
    }

    /** kill -9 of a real run in the middle, then the same command again: the result equals an uninterrupted run. */
    @Test
    void killedRunResumesToIdenticalOutputs() throws Exception {
        Path cfg = tmp.resolve("killed.yaml");
        Files.writeString(cfg, pongAgents("killed")
                + "seeds: [0, 1]\n"
                + "frames: [{start: 20, count: 10}]\n"
                + "methods: [{method: perturbation, stride: 5}]\n"
                + "outputs: {maps: true, progression: {stride: 8}}\n");
        Path uninterrupted = tmp.resolve("uninterrupted"), killed = tmp.resolve("killedrun");
        run(cfg, uninterrupted, 1, false);

        Process p = start(cfg, killed);
        Path exp = killed.resolve("killed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        // wait until one job has finished and another is under way, then kill -9
        while (finishedJobs(exp) < 1 || !hasTemporaryFolder(exp)) {
            assertTrue(p.isAlive(), "the run ended before it could be killed");
            assertTrue(System.nanoTime() < deadline, "no job finished in time");
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        int finishedAtKill = finishedJobs(exp);
        assertTrue(finishedAtKill < 6, "killed after " + finishedAtKill + " of 6 jobs");
        // what the kill left: finished job folders (each with its status) and temporary folders, nothing else
        try (Stream<Path> s = Files.list(exp)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                String n = d.getFileName().toString();
                assertTrue(n.startsWith(".tmp-") || Files.isRegularFile(d.resolve("status.json")), "half-written job folder: " + n);
            }
        }
        Process resumed = start(cfg, killed);
        String out = new String(resumed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(resumed.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue(), out + err);
        assertTrue(out.contains(finishedAtKill + " already done"), out);
        try (Stream<Path> s = Files.list(exp)) {
            assertFalse(s.anyMatch(d -> d.getFileName().toString().startsWith(".tmp-")), "temporary folders are cleaned up");
        }
        assertSameNpys(npys(uninterrupted.resolve("killed")), npys(exp));
    }

    private static Process start(Path cfg, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Datari.home=" + TestRoms.projectRoot(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", cfg.toString(), "--out", out.toString(), "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // not the in-process runs' thread count (1, from the pom): a job pins its own native threads, so results must not depend on it
        pb.environment().put("OMP_NUM_THREADS", "2");
        return pb.start();
    }

    private static int finishedJobs(Path exp) throws IOException {
        if (!Files.isDirectory(exp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(exp)) {
            // a temporary folder gets its status.json just before it is renamed: only renamed folders are finished
            return (int) s.filter(d -> !d.getFileName().toString().startsWith(".") && Files.isRegularFile(d.resolve("status.json"))).count();
        }
    }

    private static boolean hasTemporaryFolder(Path exp) throws IOException {
        try (Stream<Path> s = Files.list(exp)) {
            return s.anyMatch(d -> d.getFileName().toString().startsWith(".tmp-"));
        }
    }
}
