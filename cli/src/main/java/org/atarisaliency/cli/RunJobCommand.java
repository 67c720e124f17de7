package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.atarisaliency.cluster.TaskIndex;
import org.atarisaliency.experiment.JobExecutor;
import org.atarisaliency.experiment.JobFile;
import org.atarisaliency.experiment.JobSpec;
import org.atarisaliency.experiment.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run-job}: one job of an experiment from its job.json, as a distributed worker would run it. */
@Command(name = "run-job", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one experiment job from its spec (a job.json written by `run`).",
            "The spec is checked like a config (keys, types, ranges; its id must follow",
            "from its content and spec_sha256 must match), the agent files and ROM against",
            "the spec's checksums; then OUT/JOB-ID/ is written exactly as `run` does",
            "(temporary folder, status.json last, atomic rename). A finished job with the",
            "same spec and intact outputs is skipped unless --force. This is how a",
            "distributed backend runs the jobs of a grid."})
public final class RunJobCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB.json", description = "The job's spec: a job.json written by `run`.")
    Path jobFile;

    @Option(names = "--index", paramLabel = "FILE", description = {"Instead of JOB.json: an index that `run` wrote for a cluster",
        "(k8s/jobs.txt, slurm/array-N.jobs); with --task N, run the job named on line N+1,", "from OUT/specs/JOB-ID.json."})
    Path index;

    @Option(names = "--task", paramLabel = "N", description = "The task's number in --index, from 0 (a pod's completion index).")
    Integer task;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder that receives JOB-ID/.")
    Path out;

    @Option(names = "--force", description = "Recompute even if OUT/JOB-ID/ is a finished run of this spec.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        JobFile.Loaded loaded = JobFile.read(specFile());
        JobSpec job = loaded.job();
        var o = spec.commandLine().getOut();
        if (!force && RunStore.finishedStatus(job, out) != null) {
            o.printf("already done: %s%n", out.resolve(job.id()));
            o.flush();
            return ExitCodes.OK;
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        long t0 = System.nanoTime();
        Path dir = JobExecutor.execute(job, loaded.experiment(), out,
                f -> progress.show(String.format("%s %s  %s", ProgressLine.bar((int) Math.round(f * 1000), 1000, 24), job.id(),
                        ProgressLine.duration(progress.elapsed())), false));
        progress.finish();
        o.printf("done %s (%.1f s) -> %s%n", job.id(), (System.nanoTime() - t0) / 1e9, dir);
        o.flush();
        return ExitCodes.OK;
    }

    private Path specFile() throws java.io.IOException {
        if ((index == null) != (task == null)) {
            throw new IllegalArgumentException("--index and --task go together: the job on line N+1 of the index");
        }
        if ((jobFile == null) == (index == null)) {
            throw new IllegalArgumentException("give either JOB.json or --index FILE --task N");
        }
        return jobFile != null ? jobFile : TaskIndex.specOfTask(index, task, out);
    }
}
