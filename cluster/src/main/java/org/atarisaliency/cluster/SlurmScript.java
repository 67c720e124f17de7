package org.atarisaliency.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.env.InvalidSettingException;

/** The text of a job array's {@code sbatch} script: each task runs {@code run-job} on the job of its index line. */
final class SlurmScript {
    /** Words that need no quoting, in bash or in an {@code #SBATCH} line. */
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private SlurmScript() {
    }

    static String text(String experiment, Path runDir, String index, int tasks, SlurmBackend.Options o) {
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("#SBATCH --job-name=").append(jobName(experiment)).append('\n');
        b.append("#SBATCH --array=0-").append(tasks - 1).append(o.arrayLimit() > 0 ? "%" + o.arrayLimit() : "").append('\n');
        b.append("#SBATCH --output=").append(sbatchWord(filenamePattern(runDir.resolve("slurm/logs").toString()) + "/%A_%a.log")).append('\n');
        b.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        if (o.partition() != null) {
            b.append("#SBATCH --partition=").append(o.partition()).append('\n');
        }
        if (o.time() != null) {
            b.append("#SBATCH --time=").append(o.time()).append('\n');
        }
        if (o.mem() != null) {
            b.append("#SBATCH --mem=").append(o.mem()).append('\n');
        }
        for (String a : o.sbatchArgs()) {
            b.append("#SBATCH ").append(a).append('\n');
        }
        b.append("#\n");
        b.append("# atari-saliency experiment '").append(experiment).append("': ").append(tasks).append(" jobs, one per array task.\n");
        b.append("# Task i runs the job named on line i+1 of ").append(index).append(" from its spec in specs/, into this run folder\n");
        b.append("# (which the nodes must share). run-job checks the agent files and ROM against the spec's checksums and\n");
        b.append("# writes the job's folder atomically; a finished job is skipped. Resubmit with the same `run` command.\n");
        b.append("set -euo pipefail\n");
        b.append("RUN=").append(quote(runDir.toString())).append('\n');
        b.append("JOB=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" \"$RUN/").append(index).append("\")\n");
        b.append("if [ -z \"$JOB\" ]; then echo \"error: no job on line $((SLURM_ARRAY_TASK_ID + 1)) of $RUN/").append(index)
                .append("\" >&2; exit 2; fi\n");
        b.append("echo \"atari-saliency: job $JOB (array ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}) on $(hostname)\"\n");
        for (Map.Entry<String, String> e : new TreeMap<>(o.workerEnv()).entrySet()) {
            b.append("export ").append(e.getKey()).append('=').append(quote(e.getValue())).append('\n');
        }
        b.append("exec");
        for (String w : o.worker()) {
            b.append(' ').append(quote(w));
        }
        for (String w : WorkerCommand.runJob("$RUN/specs/$JOB.json", "$RUN")) {
            b.append(' ').append(w.contains("$") ? "\"" + w + "\"" : quote(w));
        }
        b.append('\n');
        return b.toString();
    }

    /** Slurm job names: letters, digits and a few marks. */
    static String jobName(String experiment) {
        String n = ("atari-" + experiment).replaceAll("[^A-Za-z0-9._-]", "_");
        return n.length() > 64 ? n.substring(0, 64) : n;
    }

    /**
     * Refuses a run folder whose path no job script can hold: a line break or other control character
     * (it would end an {@code #SBATCH} line or a comment) or a backslash (it turns off the replacement
     * of {@code %A_%a} in Slurm's log file names). Anything else is quoted where it is written.
     */
    static void requireScriptablePath(Path runDir) {
        String s = runDir.toString();
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            throw new InvalidSettingException("out", "must be a folder whose path has no line break, control character or backslash"
                    + " (a job script cannot hold them), got '" + s.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** A Slurm filename pattern that stands for {@code s} itself ({@code %} doubled). */
    private static String filenamePattern(String s) {
        return s.replace("%", "%%");
    }

    /** One word of an {@code #SBATCH} line: sbatch splits them at blanks, ends them at an unquoted '#', and unquotes "..." and \\. */
    private static String sbatchWord(String s) {
        if (PLAIN.matcher(s).matches()) {
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A bash single-quoted word. */
    static String quote(String s) {
        if (PLAIN.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
