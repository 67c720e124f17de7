package org.atarisaliency.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.cli.experiment.JobExecutor;
import org.atarisaliency.cli.experiment.JobSpec;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code run-job}: one job of an experiment from its job.json, as a distributed worker would run it. */
@Command(name = "run-job", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one experiment job from its spec (the job.json that `run` writes in",
            "every job folder, or one made by another planner): checks the agent files",
            "and ROM against the spec's checksums, then writes OUT/JOB-ID/ exactly as",
            "`run` does (temporary folder, status.json last, atomic rename). A finished",
            "job with the same spec is skipped unless --force. This is how a distributed",
            "backend runs the jobs of a grid."})
public final class RunJobCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB.json", description = "The job's spec: a job.json written by `run`.")
    Path jobFile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder that receives JOB-ID/.")
    Path out;

    @Option(names = "--force", description = "Recompute even if OUT/JOB-ID/ is a finished run of this spec.")
    boolean force;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Loaded loaded = read(jobFile);
        JobSpec job = loaded.job();
        var o = spec.commandLine().getOut();
        if (!force && JobExecutor.finishedStatus(job, out) != null) {
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

    /** A job spec and the experiment it belongs to. */
    record Loaded(JobSpec job, String experiment) {
    }

    /** Reads a job.json: {"experiment": name, "job": id, "type": ..., "spec": {...}}. */
    @SuppressWarnings("unchecked")
    static Loaded read(Path file) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        Object o;
        try {
            o = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(o instanceof Map<?, ?> m) || !(m.get("job") instanceof String id) || !(m.get("type") instanceof String type)
                || !(m.get("spec") instanceof Map<?, ?> s)) {
            throw new IllegalArgumentException(file + " is not a job spec: expected a job.json with \"job\", \"type\" and \"spec\" (written by `run`)");
        }
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || !type.equals(s.get("type"))) {
            throw new IllegalArgumentException(file + ": inconsistent job spec (job id '" + id + "', type '" + type + "')");
        }
        return new Loaded(new JobSpec(id, type, (Map<String, Object>) s), m.get("experiment") instanceof String e ? e : "");
    }
}
