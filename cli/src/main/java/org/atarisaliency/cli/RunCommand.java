package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.experiment.ExperimentConfig;
import org.atarisaliency.experiment.ExperimentPlan;
import org.atarisaliency.experiment.ExperimentRunner;
import org.atarisaliency.experiment.JobSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run}: a scripted experiment from a YAML config. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scripted experiment from a YAML config.",
            "The config lists agents, games, seeds, frame ranges, saliency methods and",
            "outputs (maps, video, memory, evaluate, sanity, counterfactuals, progression); the grid",
            "becomes independent jobs run on a worker pool. Each job writes OUT/EXPERIMENT/JOB-ID/ (job.json, status.json and its",
            "outputs); manifest.json beside them records config, versions, git commit,",
            "checksums and every job's status and timing. Re-running skips finished jobs",
            "(a killed run resumes where it stopped); --force recomputes. The config is",
            "checked completely (keys, types, ranges, files, ROMs, action counts) before",
            "any work starts. Examples: examples/quick.yaml (about a minute),",
            "examples/*.yaml (the paper's studies); see the README."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG.yaml", description = "The experiment config.")
    Path config;

    @Option(names = "--out", defaultValue = "runs", paramLabel = "DIR", description = "Where experiments are written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Jobs run at once (default: ${DEFAULT-VALUE}; the saliency engine already uses every core, so more helps mostly with many small jobs).")
    int workers;

    @Option(names = "--force", description = "Recompute every job, including finished ones.")
    boolean force;

    @Option(names = "--dry-run", description = "Check the config and list the jobs without running them (with --backend slurm: also write the specs and the array script and print it, without submitting).")
    boolean dryRun;

    @Option(names = "--backend", defaultValue = "local", paramLabel = "local|slurm",
            description = "Where the jobs run: local (a worker pool in this process; default) or slurm (one job array submitted with sbatch; --out must be on a filesystem the nodes share; follow it with `status`).")
    String backend;

    @Option(names = "--partition", paramLabel = "P", description = "slurm: the partition (default: the cluster's).")
    String partition;

    @Option(names = "--time", paramLabel = "HH:MM:SS", description = "slurm: each task's time limit.")
    String time;

    @Option(names = "--cpus-per-task", defaultValue = "1", paramLabel = "N",
            description = "slurm: cores per task (default: ${DEFAULT-VALUE}; a job uses one core, the saliency engine more when given).")
    int cpusPerTask;

    @Option(names = "--mem", paramLabel = "M", description = "slurm: memory per task, e.g. 4G.")
    String mem;

    @Option(names = "--array-limit", defaultValue = "0", paramLabel = "K", description = "slurm: at most K tasks at once (%%K; default: no limit).")
    int arrayLimit;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "slurm: one more sbatch option for the script, e.g. --sbatch-arg=--account=abc (repeatable).")
    List<String> sbatchArgs = new java.util.ArrayList<>();

    @Option(names = "--estimate-from", paramLabel = "RUN_DIR",
            description = "Print what this grid's pending jobs will cost in core-hours, from the seconds per frame (per episode for evaluate) the finished jobs of RUN_DIR measured, and exit.")
    Path estimateFrom;

    @Option(names = "--emit", paramLabel = "k8s", description = "Write the pending jobs as a Kubernetes Indexed Job (OUT/EXPERIMENT/k8s/job.yaml) instead of running them.")
    String emit;

    @Option(names = "--image", defaultValue = "atari-saliency:latest", paramLabel = "IMAGE", description = "k8s: the container image with the toolkit (default: ${DEFAULT-VALUE}).")
    String image;

    @Option(names = "--pvc", defaultValue = "atari-saliency-runs", paramLabel = "CLAIM",
            description = "k8s: the PersistentVolumeClaim that holds the run folder, agents and ROMs at the same paths (default: ${DEFAULT-VALUE}).")
    String pvc;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be in 1..64, got " + workers);
        }
        refuseOptionsOfAnotherWay();
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(config));
        ExperimentRunner runner = new ExperimentRunner(plan, new ExperimentRunner.Options(out, workers, force));
        o.printf("experiment %s: %d jobs (%s) -> %s%n", plan.config().name(), plan.jobs().size(), countsByType(plan.jobs()), runner.dir());
        if (estimateFrom != null) {
            return ClusterRuns.estimate(plan, runner, estimateFrom, cpusPerTask, force, o);
        }
        if (emit != null) {
            return ClusterRuns.emit(emit, plan, runner, force, image, pvc, Math.max(1, arrayLimit == 0 ? 16 : arrayLimit), cpusPerTask,
                    mem == null ? "4Gi" : mem.replaceAll("([KMGT])$", "$1i"), o);
        }
        if (backend.equals("slurm")) {
            return ClusterRuns.slurm(runner, new org.atarisaliency.cluster.SlurmBackend.Options(partition, time, cpusPerTask, mem, arrayLimit,
                    sbatchArgs, org.atarisaliency.cluster.WorkerCommand.thisJvm(Main.class.getName()), org.atarisaliency.cluster.WorkerCommand.environment(), dryRun), o);
        }
        if (!backend.equals("local")) {
            throw new IllegalArgumentException("--backend must be local or slurm, got '" + backend + "'");
        }
        if (dryRun) {
            for (JobSpec j : plan.jobs()) {
                o.println("  " + j.id());
            }
            o.flush();
            return ExitCodes.OK;
        }
        o.flush();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        ExperimentRunner.Summary s = runner.run(new ExperimentRunner.Listener() {
            @Override
            public void onProgress(int finished, int total, double fraction, double elapsed, List<String> running) {
                double eta = fraction <= 0 ? Double.NaN : elapsed * (1 - fraction) / fraction;
                progress.show(String.format("%s %d/%d jobs  ETA %s  %s", ProgressLine.bar((int) Math.round(fraction * 1000), 1000, 24), finished,
                        total, ProgressLine.duration(eta), running.isEmpty() ? "" : "running " + String.join(", ", running)), false);
            }

            @Override
            public void onAlreadyDone(JobSpec job, double seconds) {
                o.printf("%-6s %s (already done)%n", "done", job.id());
            }

            @Override
            public void onInterrupted() {
                err.println();
                err.println("interrupted: unfinished jobs do not count as done; run the same command again to do the rest");
                err.flush();
            }

            @Override
            public synchronized void onJobEnd(JobSpec job, String status, double seconds, String error) {
                progress.finish();
                o.printf("%-6s %s (%.1f s)%s%n", status, job.id(), seconds, error == null ? "" : ": " + error);
                o.flush();
            }
        });
        progress.finish();
        o.printf("%d jobs: %d already done, %d done now, %d failed -> %s%n", s.total(), s.alreadyDone(), s.done(), s.failed(),
                s.dir().resolve("manifest.json"));
        o.flush();
        return s.failed() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * Each option belongs to some ways of running (an estimate, a Kubernetes job, a backend); one given
     * for another way is refused, not ignored. --estimate-from comes before --emit, which comes before --backend.
     */
    private void refuseOptionsOfAnotherWay() {
        boolean estimate = estimateFrom != null, k8s = !estimate && emit != null;
        boolean slurm = !estimate && !k8s && backend.equals("slurm"), local = !estimate && !k8s && !slurm;
        String with = "with " + (estimate ? "--estimate-from" : k8s ? "--emit k8s" : "--backend " + backend);
        if (!slurm) {
            UnappliedOptions.refuse(spec, with + " (it is for --backend slurm)", "--partition", "--time", "--sbatch-arg");
        }
        if (!slurm && !k8s) {
            UnappliedOptions.refuse(spec, with + " (it is for --backend slurm or --emit k8s)", "--mem", "--array-limit");
        }
        if (local) {
            UnappliedOptions.refuse(spec, with + " (it is for --backend slurm, --emit k8s or --estimate-from)", "--cpus-per-task");
        }
        if (!k8s) {
            UnappliedOptions.refuse(spec, with + " (it is for --emit k8s)", "--image", "--pvc");
        }
        if (!local) {
            UnappliedOptions.refuse(spec, with + " (it is for --backend local)", "--workers");
        }
        if (estimate || k8s) {
            UnappliedOptions.refuse(spec, with + " (it comes first)", "--backend");
        }
        if (k8s) {
            UnappliedOptions.refuse(spec, with + " (which writes its job file either way)", "--dry-run");
        }
        if (estimate) {
            UnappliedOptions.refuse(spec, with + " (it comes first)", "--emit");
        }
    }

    private static String countsByType(List<JobSpec> jobs) {
        java.util.Map<String, Integer> n = new java.util.LinkedHashMap<>();
        jobs.forEach(j -> n.merge(j.type(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        n.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
