package org.atarisaliency.experiment;

import java.io.IOException;
import java.util.List;

/**
 * Runs an experiment's pending jobs somewhere: a local worker pool ({@link LocalBackend}) today, a
 * cluster next. A backend reports every job's start and end to the {@link RunStore} and the
 * listener; each job runs through {@link JobExecutor}, from its spec alone.
 */
public interface JobBackend {

    /** Runs {@code jobs} of {@code experiment} into {@code store}'s folder; returns {done, failed} counts. */
    int[] run(String experiment, List<JobSpec> jobs, RunStore store, ExperimentRunner.Listener listener) throws IOException, InterruptedException;

    /**
     * Whether the run folder's temporaries (of killed jobs) may be removed when a run starts: true when
     * every job of the folder runs inside this process; false when jobs may still be running elsewhere
     * (a cluster's queue), whose temporaries must be left to them.
     */
    default boolean ownsTemporaries() {
        return true;
    }
}
