package org.atarisaliency.cluster;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.experiment.ExperimentRunner;
import org.atarisaliency.experiment.JobBackend;
import org.atarisaliency.experiment.JobFile;
import org.atarisaliency.experiment.JobSpec;
import org.atarisaliency.experiment.RunStore;

/**
 * Runs an experiment's pending jobs as one Slurm job array: writes each job's spec
 * ({@code specs/JOB-ID.json}), an index ({@code slurm/array-N.jobs}, line i = the job of task i) and
 * the {@code sbatch} script ({@code slurm/array-N.sbatch}, {@code --array=0-(n-1)%K}, each task runs
 * {@code run-job} on its line), submits it and records the array in {@code slurm/submissions.json}
 * and each job's record in the manifest ("submitted", with its array id and task index). Jobs still
 * pending or running in an earlier array are not submitted again. It returns at once; the jobs run
 * on the cluster ({@code status RUN_DIR --wait} follows them). The run folder must be on a
 * filesystem the nodes share.
 */
public final class SlurmBackend implements JobBackend {
    /** States of a task that will still run or is running. */
    static final Set<String> ACTIVE = Set.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_HOLD",
            "REQUEUE_FED", "RESIZING", "SIGNALING", "STAGE_OUT");

    /**
     * How to submit.
     *
     * @param partition   {@code --partition}, or null for the cluster's default
     * @param time        {@code --time} (HH:MM:SS or D-HH:MM:SS), or null
     * @param cpusPerTask {@code --cpus-per-task}
     * @param mem         {@code --mem} (e.g. 4G), or null
     * @param arrayLimit  how many tasks run at once ({@code %K}); 0 for no limit
     * @param sbatchArgs  more {@code #SBATCH} lines, as given (e.g. "--account=abc")
     * @param worker      the command that runs the toolkit on a node, before "run-job" (e.g. java -cp ... Main)
     * @param workerEnv   environment the tasks set before running it
     * @param dryRun      write the specs, index and script and print the script, but do not submit
     */
    public record Options(String partition, String time, int cpusPerTask, String mem, int arrayLimit, List<String> sbatchArgs,
                          List<String> worker, Map<String, String> workerEnv, boolean dryRun) {
        public Options {
            if (time != null && !time.matches("(\\d+-)?\\d{1,3}:\\d{2}(:\\d{2})?|\\d+")) {
                throw new InvalidSettingException("time", "must look like HH:MM:SS, D-HH:MM:SS or minutes, got '" + time + "'");
            }
            if (mem != null && !mem.matches("\\d+[KMGT]?")) {
                throw new InvalidSettingException("mem", "must look like 4G or 4000M, got '" + mem + "'");
            }
            if (partition != null && !partition.matches("[A-Za-z0-9_.,-]+")) {
                throw new InvalidSettingException("partition", "must be a partition name, got '" + partition + "'");
            }
            if (cpusPerTask < 1 || cpusPerTask > 1024) {
                throw new InvalidSettingException("cpus_per_task", "must be in 1..1024, got " + cpusPerTask);
            }
            if (arrayLimit < 0) {
                throw new InvalidSettingException("array_limit", "must be 0 (no limit) or more, got " + arrayLimit);
            }
            for (String a : sbatchArgs) {
                if (!a.startsWith("--") || a.contains("\n")) {
                    throw new InvalidSettingException("sbatch_arg", "takes one sbatch option like --account=abc, got '" + a + "'");
                }
            }
            sbatchArgs = List.copyOf(sbatchArgs);
            worker = List.copyOf(worker);
            workerEnv = Map.copyOf(workerEnv);
        }
    }

    /** What a call submitted (or, in a dry run, would submit). */
    public record Submission(String arrayJobId, Path script, Path index, List<String> jobs, List<String> alreadyQueued) {
    }

    private final Path runDir;
    private final Options options;
    private final Slurm slurm;
    private final PrintWriter out;
    private Submission last;

    public SlurmBackend(Path runDir, Options options, Slurm slurm, PrintWriter out) {
        this.runDir = runDir.toAbsolutePath().normalize();
        SlurmScript.requireScriptablePath(this.runDir);
        this.options = options;
        this.slurm = slurm;
        this.out = out;
    }

    /** Jobs of this folder may be running on nodes: their temporaries are theirs. */
    @Override
    public boolean ownsTemporaries() {
        return false;
    }

    /** The last submission (null before {@link #run}). */
    public Submission last() {
        return last;
    }

    @Override
    public int[] run(String experiment, List<JobSpec> jobs, RunStore store, ExperimentRunner.Listener listener) throws IOException {
        Set<String> queued = options.dryRun() ? Set.of() : activeJobs(runDir, slurm);
        List<JobSpec> todo = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JobSpec j : jobs) {
            if (queued.contains(j.id())) {
                skipped.add(j.id());
            } else {
                todo.add(j);
            }
        }
        if (todo.isEmpty()) {
            last = new Submission(null, null, null, List.of(), skipped);
            return new int[] {0, 0};
        }
        Path slurmDir = Files.createDirectories(runDir.resolve("slurm"));
        Files.createDirectories(slurmDir.resolve("logs"));
        int n = Submissions.read(runDir).size() + 1;
        String stem = String.format(Locale.ROOT, "array-%04d", n);
        Path index = slurmDir.resolve(stem + ".jobs");
        Path script = slurmDir.resolve(stem + ".sbatch");
        StringBuilder lines = new StringBuilder();
        JobFile.Writer specs = JobFile.writer(experiment);
        for (JobSpec j : todo) {
            specs.write(TaskIndex.spec(runDir, j.id()), j);
            lines.append(j.id()).append('\n');
        }
        writeAtomically(index, lines.toString());
        String text = SlurmScript.text(experiment, runDir, runDir.relativize(index).toString(), todo.size(), options);
        writeAtomically(script, text);
        script.toFile().setExecutable(true);
        List<String> ids = todo.stream().map(JobSpec::id).toList();
        if (options.dryRun()) {
            out.print(text);
            out.flush();
            last = new Submission(null, script, index, ids, skipped);
            return new int[] {0, 0};
        }
        String arrayId = slurm.submit(script);
        Submissions.append(runDir, new Submissions.Entry(arrayId, Instant.now().toString(), runDir.relativize(script).toString(),
                runDir.relativize(index).toString(), ids.size()));
        for (int i = 0; i < todo.size(); i++) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("slurm_array_job_id", arrayId);
            extra.put("slurm_array_task_id", i);
            extra.put("log", "slurm/logs/" + arrayId + "_" + i + ".log");
            store.setStatus(todo.get(i), "submitted", null, null, extra);
        }
        last = new Submission(arrayId, script, index, ids, skipped);
        return new int[] {0, 0};
    }

    /** The jobs of earlier arrays of this folder that Slurm still has pending or running. */
    static Set<String> activeJobs(Path runDir, Slurm slurm) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (Submissions.Entry e : Submissions.read(runDir)) {
            Map<Integer, String> states = slurm.arrayStates(e.arrayJobId());
            if (states == null) {
                continue;
            }
            List<String> ids = Submissions.jobsOf(runDir, e);
            for (Map.Entry<Integer, String> s : states.entrySet()) {
                if (ACTIVE.contains(s.getValue()) && s.getKey() < ids.size()) {
                    out.add(ids.get(s.getKey()));
                }
            }
        }
        return out;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        OutputFiles.writeText(file, text);
    }
}
