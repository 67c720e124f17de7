package org.atarisaliency.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.env.InvalidSettingException;

/**
 * The index of a cluster submission ({@code slurm/array-N.jobs}, {@code k8s/jobs.txt}): line i+1
 * names the job of task i, whose spec is {@code RUN/specs/JOB-ID.json}.
 */
public final class TaskIndex {
    private TaskIndex() {
    }

    /** Where a job's spec lives in a run folder. */
    static Path spec(Path runDir, String jobId) {
        return runDir.resolve("specs").resolve(jobId + ".json");
    }

    /** The job ids of an index, by task. */
    static List<String> jobs(Path index) throws IOException {
        return Files.readAllLines(index, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    /** The spec of task {@code task} of {@code index} (0 is the first line), in {@code runDir}. */
    public static Path specOfTask(Path index, int task, Path runDir) throws IOException {
        List<String> jobs = jobs(index);
        if (task < 0 || task >= jobs.size()) {
            throw new InvalidSettingException("task", "must be in 0.." + (jobs.size() - 1) + " (a line of " + index + "), got " + task);
        }
        return spec(runDir, jobs.get(task));
    }
}
