package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.Provenance;

/**
 * Runs an experiment: the jobs of its plan that are not finished yet (a finished job with the same
 * spec and intact outputs is skipped; {@code force} recomputes) go to a {@link JobBackend}, and the
 * {@link RunStore} keeps the folder. Each job writes into a temporary folder renamed to its id when
 * complete, so a kill at any moment leaves at most temporaries, removed by the next run.
 */
public final class ExperimentRunner {

    /** How to run. */
    public record Options(Path out, int workers, boolean force) {
    }

    /** Reports progress and job endings. */
    public interface Listener {
        void onProgress(int finished, int total, double fraction, double elapsedSeconds, List<String> running);

        void onJobEnd(JobSpec job, String status, double seconds, String error);

        /** A job finished by an earlier run with the same spec (reported before any job starts). */
        default void onAlreadyDone(JobSpec job, double seconds) {
        }

        /** Jobs were running when the process was interrupted (Ctrl-C, SIGTERM). */
        default void onInterrupted() {
        }
    }

    /** What happened: counts by status. */
    public record Summary(Path dir, int total, int alreadyDone, int done, int failed) {
    }

    private final ExperimentPlan plan;
    private final Options options;
    private final Path dir;

    public ExperimentRunner(ExperimentPlan plan, Options options) {
        this.plan = plan;
        this.options = options;
        this.dir = options.out().resolve(plan.config().name()).toAbsolutePath().normalize();
    }

    /** The experiment's output folder. */
    public Path dir() {
        return dir;
    }

    /** Runs every job that is not finished yet on the local worker pool. */
    public Summary run(Listener listener) throws IOException, InterruptedException {
        return run(new LocalBackend(options.workers()), listener);
    }

    /** Runs every job that is not finished yet on {@code backend}. */
    public Summary run(JobBackend backend, Listener listener) throws IOException, InterruptedException {
        try (RunStore store = RunStore.open(dir, this::manifestHeader, backend.ownsTemporaries())) {
            List<JobSpec> todo = new ArrayList<>();
            int already = 0;
            for (JobSpec job : plan.jobs()) {
                Map<String, Object> finished = options.force() ? null : RunStore.finishedStatus(job, dir);
                store.add(job, finished);
                if (finished != null) {
                    already++;
                    listener.onAlreadyDone(job, finished.get("seconds") instanceof Number n ? n.doubleValue() : Double.NaN);
                } else {
                    todo.add(job);
                }
            }
            store.writeManifest();
            Thread hook = new Thread(() -> {
                if (store.markInterrupted()) {
                    listener.onInterrupted();
                }
            }, "experiment-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                int[] counts = backend.run(plan.config().name(), todo, store, listener);
                return new Summary(dir, plan.jobs().size(), already, counts[0], counts[1]);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
        }
    }

    /** A failure in one line, as the manifest records it. */
    static String oneLine(Throwable e) {
        String m = e instanceof InvalidSettingException ? e.getMessage() : e.getMessage();
        if (m == null || e instanceof NullPointerException || e instanceof IllegalStateException && m.isEmpty()) {
            m = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private Map<String, Object> manifestHeader() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", plan.config().name());
        m.put("config_file", plan.config().file().toString());
        m.put("updated", Instant.now().toString());
        m.put("tool", Provenance.tool());
        m.put("system", Provenance.system());
        m.put("workers", options.workers());
        m.put("agents", plan.agents());
        m.put("games", plan.games());
        m.put("config", plan.config().toJson());
        return m;
    }
}
