package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.cluster.RunStatus;
import org.atarisaliency.cluster.Slurm;
import org.atarisaliency.pipelines.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code status}: where the jobs of an experiment run stand. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show where every job of an experiment run stands (local or Slurm).",
            "Each job is done, running, pending, submitted, failed, cancelled, interrupted, lost or damaged",
            "(finished, but an output was deleted or edited since), from the",
            "run folder and, for jobs submitted with --backend slurm,",
            "from Slurm (scontrol). Failed jobs show their error line. The findings are written into the",
            "manifest. Re-running the same `run` command submits exactly the jobs that are not done and not queued.",
            "When Slurm cannot be reached, its jobs show as unknown and the exit code is 1 (--wait first",
            "polls up to 3 times in a row)."})
public final class StatusCommand implements Callable<Integer> {
    /** --wait gives up after this many polls in a row that could not reach Slurm. */
    static final int UNREACHABLE_POLLS = 3;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The experiment folder (OUT/EXPERIMENT, as `run` printed it).")
    Path dir;

    @Option(names = "--wait", description = "Poll until no job is running or queued, with a progress line; exit 1 if any failed"
            + " (or Slurm stayed unreachable for 3 polls in a row).")
    boolean waitFor;

    @Option(names = "--interval", defaultValue = "10", paramLabel = "S", description = "Seconds between polls with --wait (default: ${DEFAULT-VALUE}).")
    double interval;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (!(interval > 0)) {
            throw new IllegalArgumentException("--interval must be > 0, got " + interval);
        }
        Slurm slurm = new Slurm();
        PrintWriter o = spec.commandLine().getOut();
        RunStatus.Report r = RunStatus.of(dir, slurm);
        if (waitFor) {
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
            long t0 = System.nanoTime();
            int startDone = count(r, "done");
            int unreachable = r.slurmError() == null ? 0 : 1;
            while (!r.settled() && unreachable < UNREACHABLE_POLLS) {
                int done = count(r, "done"), total = r.jobs().size();
                double elapsed = (System.nanoTime() - t0) / 1e9;
                double rate = (done - startDone) / Math.max(elapsed, 1e-9);
                double eta = rate > 0 ? (total - done) / rate : Double.NaN;
                progress.show(String.format("%s %d/%d done  %s  ETA %s", ProgressLine.bar(done, Math.max(total, 1), 24), done, total, brief(r.counts()),
                        ProgressLine.duration(eta)), false);
                Thread.sleep((long) (interval * 1000));
                r = RunStatus.of(dir, slurm);
                unreachable = r.slurmError() == null ? 0 : unreachable + 1;
            }
            progress.finish();
        }
        RunStatus.gather(r);
        if (json.on) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dir", r.dir().toAbsolutePath().normalize().toString());
            m.put("experiment", r.experiment());
            m.put("counts", r.counts());
            m.put("slurm_error", r.slurmError());
            m.put("jobs", r.jobs().stream().map(j -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", j.id());
                x.put("type", j.type());
                x.put("state", j.state());
                x.put("seconds", j.seconds());
                x.put("slurm_task", j.task());
                x.put("host", j.ranOn() == null ? null : j.ranOn().get("host"));
                x.put("error", j.error());
                return x;
            }).toList());
            o.println(Json.write(m));
        } else {
            o.printf("experiment %s (%s run): %d jobs: %s%n", r.experiment(), r.slurm() ? "slurm" : "local", r.jobs().size(), brief(r.counts()));
            if (r.slurmError() != null) {
                o.printf("Slurm could not be reached (%s): the jobs it runs show as unknown; run status again when it is back%n", r.slurmError());
            }
            for (RunStatus.Job j : r.jobs()) {
                if (!j.state().equals("done") || common.quiet == false && r.jobs().size() <= 40) {
                    o.printf("  %-11s %-50s%s%s%n", j.state(), j.id(), j.task() == null ? "" : "  [" + j.task() + "]",
                            j.error() == null ? "" : "  " + j.error());
                }
            }
        }
        o.flush();
        boolean failed = r.jobs().stream().anyMatch(j -> List.of("failed", "cancelled", "lost", "damaged").contains(j.state()));
        return waitFor && failed || r.slurmError() != null ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static int count(RunStatus.Report r, String state) {
        return (int) r.jobs().stream().filter(j -> j.state().equals(state)).count();
    }

    private static String brief(Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        return b.toString();
    }
}
