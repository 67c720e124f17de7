package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.atarisaliency.cli.Main;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm backend on a real (single-node, throwaway) Slurm: examples/quick.yaml through {@code run --backend slurm}
 * gives the local backend's NPY outputs byte for byte; a cancelled array task is reported by {@code status} and a
 * second {@code run} submits exactly that job.
 */
class SlurmRunTest {
    @TempDir
    static Path tmp;
    static LocalSlurm slurm;

    @BeforeAll
    static void start() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        slurm = LocalSlurm.start(tmp);
        System.setProperty("atari.slurm.conf", slurm.env().get("SLURM_CONF"));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("atari.slurm.conf");
        if (slurm != null) {
            slurm.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void quickThroughSlurmGivesTheLocalBackendsBytes() throws Exception {
        Path quick = TestRoms.projectRoot().resolve("examples/quick.yaml");
        Run local = cli("run", quick.toString(), "--out", tmp.resolve("local").toString(), "--quiet");
        assertEquals(0, local.exit(), local.err());
        Run localStatus = cli("status", tmp.resolve("local/quick").toString());
        assertTrue(localStatus.out().contains("(local run): 13 jobs: 13 done"), localStatus.out());
        Run submit = cli("run", quick.toString(), "--backend", "slurm", "--out", tmp.resolve("slurm").toString());
        assertEquals(0, submit.exit(), submit.err());
        assertTrue(submit.out().contains("submitted Slurm job array"), submit.out());
        Path exp = tmp.resolve("slurm/quick");
        Run wait = cli("status", exp.toString(), "--wait", "--interval", "1", "--quiet");
        assertEquals(0, wait.exit(), wait.out() + wait.err());
        assertTrue(wait.out().contains("13 jobs: 13 done"), wait.out());
        Map<String, byte[]> a = npys(tmp.resolve("local/quick")), b = npys(exp);
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.size() >= 20, "quick writes maps, videos, memory and progression NPYs: " + a.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k + " differs between the local and the Slurm backend");
        }
        // each job records where it ran; the manifest gathers it
        String status = Files.readString(exp.resolve("evaluate_pong-80M_Pong-v4_s0/status.json"));
        assertTrue(status.contains("\"slurm_array_job_id\"") && status.contains("\"host\""), status);
        String manifest = Files.readString(exp.resolve("manifest.json"));
        assertTrue(manifest.contains("\"status\": {\"done\": 13}") && manifest.contains("\"ran_on\""), manifest.substring(0, 600));
        // the cost model: the finished run's seconds per frame (episode) multiplied out over a grid
        Run est = cli("run", quick.toString(), "--dry-run", "--estimate-from", exp.toString(), "--out", tmp.resolve("est").toString());
        assertEquals(0, est.exit(), est.err());
        for (String kind : List.of("maps/perturbation", "maps/jacobian", "video", "evaluate", "memory", "sanity", "progression", "total:")) {
            assertTrue(est.out().contains(kind), kind + " in " + est.out());
        }
        CostModel model = CostModel.from(exp);
        assertEquals(2, model.rates().get("maps/perturbation").measured());
        assertTrue(model.rates().get("video").secondsPerUnit() > 0);
        // everything done: a second run submits nothing
        Run again = cli("run", quick.toString(), "--backend", "slurm", "--out", tmp.resolve("slurm").toString());
        assertTrue(again.out().contains("nothing to submit: 13 done"), again.out());
    }

    @Test
    void aCancelledTaskIsReportedAndTheNextRunSubmitsExactlyIt() throws Exception {
        Path cfg = tmp.resolve("four.yaml");
        Files.writeString(cfg, "experiment: four\n"
                + "agents:\n"
                + "  - {label: pong, file: " + TestRoms.projectRoot().resolve("models/pong.pt") + ", game: Pong-v4}\n"
                + "  - {label: pong2m, file: " + TestRoms.projectRoot().resolve("models/pong-2M.pt") + ", game: Pong-v4}\n"
                + "seeds: [0]\nframes: [{start: 10, count: 3}]\n"
                + "methods: [{method: perturbation, stride: 10, radius: 5}, jacobian]\n"
                + "outputs: {maps: true}\n");
        Run submit = cli("run", cfg.toString(), "--backend", "slurm", "--array-limit", "1", "--out", tmp.resolve("c").toString());
        assertEquals(0, submit.exit(), submit.err());
        Path exp = tmp.resolve("c/four");
        List<Submissions.Entry> subs = Submissions.read(exp);
        assertEquals(1, subs.size());
        String array = subs.get(0).arrayJobId();
        List<String> jobs = Submissions.jobsOf(exp, subs.get(0));
        assertEquals(4, jobs.size());
        slurm.run("scancel", array + "_2");   // pending behind the limit of one task at a time
        RunStatus.Report r = waitSettled(exp);
        assertEquals("cancelled", state(r, jobs.get(2)), r.jobs().toString());
        assertEquals(Map.of("done", 3, "cancelled", 1), r.counts());
        Run status = cli("status", exp.toString());
        assertTrue(status.out().contains("cancelled") && status.out().contains(jobs.get(2)), status.out());

        Run again = cli("run", cfg.toString(), "--backend", "slurm", "--out", tmp.resolve("c").toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("1 jobs (3 already done)"), again.out());
        List<Submissions.Entry> after = Submissions.read(exp);
        assertEquals(2, after.size());
        assertEquals(List.of(jobs.get(2)), Submissions.jobsOf(exp, after.get(1)), "only the cancelled job is submitted again");
        RunStatus.Report done = waitSettled(exp);
        assertEquals(Map.of("done", 4), done.counts());
    }

    @Test
    void tenThousandJobsPlanAndWriteTheirArrayInSeconds() throws Exception {
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            seeds.append(i == 0 ? "" : ", ").append(i);
        }
        Path cfg = tmp.resolve("grid.yaml");
        Files.writeString(cfg, "experiment: grid\nagents:\n  - {label: pong, file: " + TestRoms.projectRoot().resolve("models/pong.pt")
                + ", game: Pong-v4}\nseeds: [" + seeds + "]\noutputs: {evaluate: {episodes: 1, max_steps: 100}}\n");
        long t0 = System.nanoTime();
        Run dry = cli("run", cfg.toString(), "--backend", "slurm", "--dry-run", "--array-limit", "50", "--out", tmp.resolve("g").toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(dry.out().contains("#SBATCH --array=0-9999%50"), dry.out().substring(0, 400));
        assertTrue(dry.out().contains("dry run: 10000 jobs written"), dry.out());
        try (Stream<Path> s = Files.list(tmp.resolve("g/grid/specs"))) {
            assertEquals(10_000, s.count());
        }
        assertEquals(10_000, Files.readAllLines(tmp.resolve("g/grid/slurm/array-0001.jobs")).size());
        assertTrue(Submissions.read(tmp.resolve("g/grid")).isEmpty(), "a dry run submits nothing");
        System.out.printf("10,000-job grid: planned and written (--dry-run) in %.1f s%n", seconds);
        assertTrue(seconds < 60, "10,000 jobs took " + seconds + " s");
    }

    private static RunStatus.Report waitSettled(Path exp) throws Exception {
        long deadline = System.nanoTime() + 240_000_000_000L;
        RunStatus.Report r = RunStatus.of(exp, new Slurm());
        while (!r.settled()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the array did not finish in 4 minutes: " + r.counts());
            }
            Thread.sleep(500);
            r = RunStatus.of(exp, new Slurm());
        }
        return r;
    }

    private static String state(RunStatus.Report r, String id) {
        return r.jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow().state();
    }

    private static Map<String, byte[]> npys(Path dir) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".npy") && !p.toString().contains("/specs/")).toList()) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
