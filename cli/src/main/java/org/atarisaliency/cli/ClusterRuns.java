package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.cluster.KubernetesJob;
import org.atarisaliency.cluster.Slurm;
import org.atarisaliency.cluster.SlurmBackend;
import org.atarisaliency.cluster.WorkerCommand;
import org.atarisaliency.experiment.ExperimentPlan;
import org.atarisaliency.experiment.ExperimentRunner;
import org.atarisaliency.experiment.JobSpec;
import org.atarisaliency.experiment.RunStore;

/** {@code run}'s cluster side: submitting a grid to Slurm, writing it for Kubernetes. */
final class ClusterRuns {
    private ClusterRuns() {
    }

    static int slurm(ExperimentRunner runner, SlurmBackend.Options options, PrintWriter o) throws Exception {
        SlurmBackend backend = new SlurmBackend(runner.dir(), options, new Slurm(), o);
        if (!options.dryRun() && !new Slurm().available()) {
            throw new IllegalStateException("sbatch is not available here; run on the cluster's login node, or use --dry-run to write the script only");
        }
        long t0 = System.nanoTime();
        ExperimentRunner.Summary s = runner.run(backend, new ExperimentRunner.Listener() {
            @Override
            public void onProgress(int finished, int total, double fraction, double elapsed, List<String> running) {
            }

            @Override
            public void onJobEnd(JobSpec job, String status, double seconds, String error) {
            }
        });
        SlurmBackend.Submission sub = backend.last();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!sub.alreadyQueued().isEmpty()) {
            o.printf("%d jobs already pending or running in an earlier array (not submitted again)%n", sub.alreadyQueued().size());
        }
        if (sub.jobs().isEmpty()) {
            o.printf("nothing to submit: %d done, %d queued -> %s%n", s.alreadyDone(), sub.alreadyQueued().size(), s.dir());
        } else if (options.dryRun()) {
            o.printf("dry run: %d jobs written (specs/, %s, %s) in %.2f s; not submitted%n", sub.jobs().size(), s.dir().relativize(sub.index()),
                    s.dir().relativize(sub.script()), seconds);
        } else {
            o.printf("submitted Slurm job array %s: %d jobs (%d already done) in %.2f s%n", sub.arrayJobId(), sub.jobs().size(), s.alreadyDone(), seconds);
            o.printf("follow it with: %s%n", Launcher.command("status", s.dir(), "--wait"));
        }
        o.flush();
        return ExitCodes.OK;
    }

    static int emit(String what, ExperimentPlan plan, ExperimentRunner runner, boolean force, String image, String pvc, int parallelism, int cpu,
                    String memory, PrintWriter o) throws Exception {
        if (!what.equals("k8s")) {
            throw new IllegalArgumentException("--emit takes k8s, got '" + what + "'");
        }
        List<JobSpec> todo = new ArrayList<>();
        for (JobSpec j : plan.jobs()) {
            if (force || RunStore.finishedStatus(j, runner.dir()) == null) {
                todo.add(j);
            }
        }
        Path yaml = KubernetesJob.write(plan.config().name(), runner.dir(), todo,
                new KubernetesJob.Options(image, WorkerCommand.IMAGE_COMMAND, pvc, parallelism, cpu, memory));
        o.printf("wrote a Kubernetes Indexed Job for %d jobs: %s%napply it with: kubectl apply -f %s%n", todo.size(), yaml, Launcher.quote(yaml.toString()));
        o.flush();
        return ExitCodes.OK;
    }

    static int estimate(ExperimentPlan plan, ExperimentRunner runner, Path from, int cores, boolean force, PrintWriter o) throws Exception {
        List<JobSpec> todo = new ArrayList<>();
        for (JobSpec j : plan.jobs()) {
            if (force || RunStore.finishedStatus(j, runner.dir()) == null) {
                todo.add(j);
            }
        }
        org.atarisaliency.cluster.CostModel model;
        try {
            model = org.atarisaliency.cluster.CostModel.from(from);
        } catch (java.nio.file.NoSuchFileException e) {
            if (e.getReason() == null) {
                throw e;
            }
            throw new java.nio.file.NoSuchFileException(e.getFile() + " (--estimate-from " + e.getReason() + ")");
        }
        List<org.atarisaliency.cluster.CostModel.Line> lines = model.estimate(todo, cores);
        o.printf("estimate for %d pending jobs of %s, from %s (%d core%s per job):%n", todo.size(), plan.config().name(), from, cores, cores == 1 ? "" : "s");
        o.printf("  %-22s %6s %12s %16s %12s%n", "kind", "jobs", "work", "measured", "core-hours");
        double total = 0;
        boolean missing = false;
        for (var l : lines) {
            String rate = l.rate() == null ? "no timing" : String.format("%.3g s/%s (n=%d)", l.rate().secondsPerUnit(), l.unit().replace("episodes", "ep")
                    .replace("frames", "fr"), l.rate().measured());
            o.printf("  %-22s %6d %9.0f %-2s %16s %12.3f%n", l.kind(), l.jobs(), l.units(), l.unit().equals("episodes") ? "ep" : "fr", rate, l.coreHours());
            total += l.coreHours();
            missing |= l.rate() == null;
        }
        o.printf("  total: %.2f core-hours%s%n", total, missing ? " (without the kinds that have no timing: run one job of each in RUN_DIR first)" : "");
        o.println("  (seconds are one job's wall time on one core of the machine that measured them; scale for slower or faster nodes)");
        o.flush();
        return ExitCodes.OK;
    }
}
