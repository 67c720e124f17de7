package org.atarisaliency.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throwaway Slurm cluster runs job arrays, and array task states can be read back without slurmdbd. */
class LocalSlurmTest {
    @TempDir
    static Path clusterTmp;

    @TempDir
    Path tmp;

    private static LocalSlurm slurm;

    @BeforeAll
    static void startCluster() {
        slurm = LocalSlurm.start(clusterTmp);
    }

    @AfterAll
    static void stopCluster() {
        if (slurm != null) {
            slurm.close();
        }
    }

    @Test
    void clusterIsUpWithAnIdleNode() {
        assertTrue(Files.isRegularFile(Path.of(slurm.env().get("SLURM_CONF"))));
        assertEquals(List.of("munged", "slurmctld", "slurmd"), List.copyOf(slurm.pids().keySet()));
        for (long pid : slurm.pids().values()) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
        }
        // partition, state, CPUs: GNU nproc would say 1 under surefire's OMP_NUM_THREADS=1; the script drops it
        assertEquals("debug* idle " + Runtime.getRuntime().availableProcessors(), slurm.run("sinfo", "-h", "-o", "%P %T %c").strip());
    }

    @Test
    void arrayOfFourWritesFourFiles() throws Exception {
        Path script = script("echo \"$SLURM_ARRAY_JOB_ID $SLURM_ARRAY_TASK_ID $(hostname)\" > " + tmp + "/task.$SLURM_ARRAY_TASK_ID\n");
        // --wait: sbatch returns once every task has ended, with the highest exit status of the tasks
        LocalSlurm.Result submitted = slurm.exec(Duration.ofSeconds(30), "sbatch", "--parsable", "--wait", "--array=0-3",
            "--output=" + tmp + "/slurm-%A_%a.out", script.toString());
        assertEquals(0, submitted.exit(), submitted.stderr());
        String jobId = submitted.stdout().strip();
        for (int i = 0; i < 4; i++) {
            Path file = tmp.resolve("task." + i);
            assertTrue(Files.isRegularFile(file), file + " written");
            String[] words = Files.readString(file).strip().split(" ");
            assertEquals(jobId, words[0]);
            assertEquals(String.valueOf(i), words[1]);
        }
        assertEquals(Map.of(0, "COMPLETED", 1, "COMPLETED", 2, "COMPLETED", 3, "COMPLETED"), slurm.arrayStates(jobId));
    }

    @Test
    void cancelledIndicesReadBack() throws Exception {
        // %1: one task at a time. Index 0 sleeps until cancelled, 1 fails, 2 is cancelled while pending.
        Path script = script("case $SLURM_ARRAY_TASK_ID in 0) sleep 300 ;; 1) exit 3 ;; esac\n");
        String jobId = slurm.run("sbatch", "--parsable", "--array=0-2%1", "--output=/dev/null", script.toString()).strip();
        Map<Integer, String> states = await(jobId, s -> "RUNNING".equals(s.get(0)));
        assertEquals(Map.of(0, "RUNNING", 1, "PENDING", 2, "PENDING"), states);

        slurm.run("scancel", jobId + "_2");
        slurm.run("scancel", jobId + "_0");
        states = await(jobId, s -> s.values().stream().noneMatch(v -> v.equals("PENDING") || v.equals("RUNNING") || v.equals("COMPLETING")));
        // a pending index that had not been split off the array's record leaves no record when cancelled
        assertEquals(Map.of(0, "CANCELLED", 1, "FAILED"), states);
        String squeue = slurm.run("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%K %T");
        assertEquals(List.of("0 CANCELLED", "1 FAILED"), squeue.strip().lines().sorted().toList());
        List<String> completions = Files.readAllLines(slurm.jobCompletionLog()).stream()
            .filter(line -> line.contains(" ArrayJobId=" + jobId + " ")).toList();
        assertEquals(2, completions.size(), String.join("\n", completions));
        assertFalse(completions.stream().anyMatch(line -> line.contains(" ArrayTaskId=2 ")));
    }

    @Test
    void anArrayScriptRunsFromARunFolderWithAHostilePath() throws Exception {
        // the toolkit's own script, with a worker that prints its arguments: sbatch reads the quoted --output
        // line, bash the quoted RUN, and nothing in the path runs
        Path run = Files.createDirectories(tmp.resolve(HostilePathTest.HOSTILE).resolve("grid"));
        Files.createDirectories(run.resolve("slurm/logs"));
        Files.writeString(run.resolve("slurm/array-0001.jobs"), "job-a\njob-b\n");
        SlurmBackend.Options o = new SlurmBackend.Options(null, null, 1, null, 0, List.of(), List.of("printf", "%s\\n"), Map.of(), false);
        Path script = Files.writeString(run.resolve("slurm/array-0001.sbatch"), SlurmScript.text("grid", run, "slurm/array-0001.jobs", 2, o));
        LocalSlurm.Result submitted = slurm.exec(Duration.ofSeconds(30), "sbatch", "--parsable", "--wait", "--chdir=" + tmp, script.toString());
        assertEquals(0, submitted.exit(), submitted.stderr());
        String jobId = submitted.stdout().strip();
        for (int task = 0; task < 2; task++) {
            Path log = run.resolve("slurm/logs/" + jobId + "_" + task + ".log");
            assertTrue(Files.isRegularFile(log), log + " written where status looks for it");
            List<String> argv = Files.readAllLines(log).stream().dropWhile(l -> !l.equals("run-job")).toList();
            assertEquals(List.of("run-job", run + "/specs/job-" + (char) ('a' + task) + ".json", "--out", run.toString(), "--quiet"), argv);
        }
        assertFalse(Files.exists(tmp.resolve("pwned")) || Files.exists(tmp.resolve("bt")), "nothing in the path ran");
    }

    private Path script(String body) throws Exception {
        Path script = Files.createTempFile(tmp, "job", ".sh");
        Files.writeString(script, "#!/bin/bash\n" + body);
        return script;
    }

    private static Map<Integer, String> await(String jobId, Predicate<Map<Integer, String>> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<Integer, String> states = slurm.arrayStates(jobId);
        while (!done.test(states)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("array " + jobId + " still " + states);
            }
            Thread.sleep(200);
            states = slurm.arrayStates(jobId);
        }
        return states;
    }
}
