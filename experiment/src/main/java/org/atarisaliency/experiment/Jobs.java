package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.pipelines.Game;

/**
 * Runs a job by its type ({@link JobTypes}), and what every job type reads from a spec the same
 * way: its game (with its agent's hints, as the agent was trained to see it) and typed settings.
 */
final class Jobs {
    private Jobs() {
    }

    /** Runs {@code job} into {@code dir}; returns what the job's status records as its result, or null. */
    static Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        return JobTypes.get(job.type()).run(job, dir, progress);
    }

    /**
     * The job's game, with its agent's hint strip if it has one (progression jobs have none), as its agent
     * was trained to see it ({@link Game#forAgent}: SB3/CleanRL agents on a NoFrameskip id get SB3's skip).
     */
    static Game game(JobSpec job) {
        Object hints = job.spec().get("agent") instanceof Map<?, ?> a ? a.get("hints") : null;
        Game g = new Game(job.game(), job.rom(), hints == null ? "off" : String.valueOf(hints));
        return job.spec().get("agent") instanceof Map<?, ?> ? g.forAgent(job.agent()) : g;
    }

    static ActionSelection policy(Map<String, Object> s) {
        return ActionSelection.parse(String.valueOf(s.get("policy")));
    }

    static int integer(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).intValue();
    }

    static double number(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }
}
