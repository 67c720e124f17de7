package org.atarisaliency.agents.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * Synchronous A2C: the {@link Collector} plays T steps in N environments with the current weights,
 * the {@link Learner} updates from them, and so on until the frame budget is spent (when the
 * collector has a {@link Teacher}, each update imitates the expert's labels instead: DAgger). Progress goes
 * to a listener after every update; the run is saved for resuming every few minutes and at the end,
 * and the weights at each tenth of the budget (0%, 10%, ... 100%) for learning-progression studies.
 * An update that diverges ({@link Divergence}) stops the run with {@link TrainingDivergedException}
 * before anything is logged or saved, so every save holds finite weights.
 */
public final class Trainer {

    /**
     * How long and how to save.
     *
     * @param frames             agent steps to play over all environments (the budget)
     * @param steps              T, steps per environment per update
     * @param checkpointSeconds  save for resuming at least this often (wall clock)
     */
    public record Settings(long frames, int steps, double checkpointSeconds) {
        public Settings {
            if (frames < 1 || steps < 1 || !(checkpointSeconds > 0)) {
                throw new org.atarisaliency.env.InvalidSettingException("frames", "and steps must be >= 1, checkpoint seconds > 0");
            }
        }
    }

    /**
     * One row of the training log.
     *
     * @param stats      the A2C update's statistics (null in an imitation run)
     * @param imitation  the imitation update's statistics (null in an A2C run)
     */
    public record Progress(long updates, long frames, long episodes, double meanScore, double medianScore, UpdateStats stats,
                           ImitationStats imitation, double stepsPerSecond, double seconds) {
    }

    /** Where the run is saved. */
    public interface Checkpoints {
        /** The whole state, for resuming (replaces the previous one atomically). */
        void saveResume(TrainState state) throws IOException;

        /** The weights after {@code percent}% of the budget. */
        void saveFraction(int percent, ActorCriticWeights weights, long frames) throws IOException;
    }

    /** Called after every update (and with each finished episode). */
    public interface Listener {
        void onUpdate(Progress p) throws IOException;

        default void onEpisode(Collector.Episode e, long frames) {
        }
    }

    private final Collector collector;
    private final Learner learner;
    private final Settings settings;
    private final RecentScores recent = new RecentScores();
    private final Divergence divergence = new Divergence();
    private long frames;
    private long episodes;
    private double secondsBefore;

    public Trainer(Collector collector, Learner learner, Settings settings) {
        this.collector = collector;
        this.learner = learner;
        this.settings = settings;
    }

    /** Continues a saved run. */
    public void resume(TrainState s) {
        learner.restore(s.weights(), s.optimizer(), s.updates());
        collector.restore(s.acting());
        frames = s.frames();
        episodes = s.episodes();
        secondsBefore = s.seconds();
        recent.replace(s.recentScores());
    }

    /** Frames played so far. */
    public long frames() {
        return frames;
    }

    /**
     * Trains until the budget is spent (or the thread is interrupted, after saving).
     *
     * @throws TrainingDivergedException  an update diverged; the saves before it are untouched
     */
    public void run(Checkpoints checkpoints, Listener listener) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long framesAtStart = frames;
        int nextPercent = (int) Math.min(100, (frames * 10 + settings.frames() - 1) / settings.frames() * 10);
        long perUpdate = (long) collector.envs() * settings.steps();
        try (JavaActor actor = new JavaActor(learner.weights(), Math.min(2, Runtime.getRuntime().availableProcessors()))) {
            loop(checkpoints, listener, actor, t0, framesAtStart, nextPercent, perUpdate);
        }
    }

    private void loop(Checkpoints checkpoints, Listener listener, JavaActor actor, long t0, long framesAtStart, int nextPercent, long perUpdate)
            throws IOException, InterruptedException {
        long lastSave = t0;
        while (true) {
            while (nextPercent <= 100 && frames >= settings.frames() * nextPercent / 100) {
                checkpoints.saveFraction(nextPercent, learner.weights(), frames);
                nextPercent += 10;
            }
            if (frames >= settings.frames()) {
                break;
            }
            if (Thread.interrupted()) {
                checkpoints.saveResume(state(t0));
                throw new InterruptedException("training interrupted at " + frames + " frames; resume continues from here");
            }
            actor.setWeights(learner.weights());
            Collector.Collected c = collector.collect(actor, settings.steps());
            // a collector with a teacher labels every step: imitate the expert; otherwise the A2C update
            UpdateStats stats = c.labels() == null ? learner.update(c.batch()) : null;
            ImitationStats imitation = c.labels() == null ? null : learner.imitate(c.batch(), c.labels());
            frames += perUpdate;
            divergence.check(frames, stats, imitation, learner.weights());
            for (Collector.Episode e : c.episodes()) {
                episodes++;
                recent.add(e.score());
                listener.onEpisode(e, frames);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            listener.onUpdate(new Progress(learner.updates(), frames, episodes, recent.mean(), recent.median(), stats, imitation,
                    (frames - framesAtStart) / elapsed,
                    secondsBefore + elapsed));
            if ((System.nanoTime() - lastSave) / 1e9 >= settings.checkpointSeconds()) {
                checkpoints.saveResume(state(t0));
                lastSave = System.nanoTime();
            }
        }
        checkpoints.saveResume(state(t0));
    }

    private TrainState state(long t0) {
        return new TrainState(learner.weights(), learner.optimizerState(), learner.updates(), frames, episodes,
                secondsBefore + (System.nanoTime() - t0) / 1e9, new ArrayList<>(recent.list()), collector.snapshot());
    }
}
