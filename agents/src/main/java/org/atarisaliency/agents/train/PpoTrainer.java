package org.atarisaliency.agents.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.SplitMix;

/**
 * CleanRL's PPO loop: {@code frames / (N * T)} iterations, each a rollout of T steps in N envs
 * ({@link PpoCollector}) and one {@link PpoLearner#update} with the step size annealed linearly to 0
 * ({@link PpoConfig#learningRateAt}); the minibatch shuffles come from one RNG seeded by the run. Progress goes to a
 * listener after every update; the run is saved for resuming every few minutes and at the end, and the weights at
 * each tenth of the budget. A resumed run continues exactly (same weights, shuffles, games and actions).
 */
public final class PpoTrainer {

    /**
     * One row of the log.
     *
     * @param games       games finished (real episodes: game over)
     * @param meanScore   mean real score of the last 100 games
     */
    public record Progress(long updates, long frames, long games, double meanScore, double medianScore, PpoLearner.Stats stats,
                           double learningRate, double stepsPerSecond, double seconds) {
    }

    /**
     * Everything to continue exactly.
     *
     * @param adamSteps  Adam's step count (one per minibatch)
     * @param shuffle    the minibatch RNG's state
     */
    public record State(Map<String, float[]> weights, Map<String, float[]> optimizer, long adamSteps, long updates, long frames, long games,
                        double seconds, List<Double> recentScores, long shuffle, PpoCollector.Snapshot acting) {
    }

    /** Where the run is saved. */
    public interface Checkpoints {
        /** The whole state, for resuming (replaces the previous one atomically). */
        void saveResume(State state) throws IOException;

        /** The weights after {@code percent}% of the budget. */
        void saveFraction(int percent, PpoLearner learner) throws IOException;
    }

    /** Called after every update. */
    public interface Listener {
        void onUpdate(Progress p) throws IOException;
    }

    private final PpoCollector collector;
    private final PpoLearner learner;
    private final PpoConfig config;
    private final Trainer.Settings settings;
    private final SplitMix shuffle;
    private final RecentScores recent = new RecentScores();
    private long updates;
    private long frames;
    private long games;
    private double secondsBefore;

    /** @param seed  seeds the minibatch shuffles */
    public PpoTrainer(PpoCollector collector, PpoLearner learner, PpoConfig config, Trainer.Settings settings, long seed) {
        this.collector = collector;
        this.learner = learner;
        this.config = config;
        this.settings = settings;
        this.shuffle = new SplitMix(seed ^ 0x5EEDF00DL);
    }

    /** Iterations of the whole budget (CleanRL's {@code num_iterations}: the budget over N * T, at least 1). */
    public long iterations() {
        return Math.max(1, settings.frames() / ((long) collector.envs() * settings.steps()));
    }

    /** Frames played so far. */
    public long frames() {
        return frames;
    }

    /** Continues a saved run. */
    public void resume(State s) {
        learner.restore(s.weights(), s.optimizer(), s.adamSteps());
        collector.restore(s.acting());
        updates = s.updates();
        frames = s.frames();
        games = s.games();
        secondsBefore = s.seconds();
        shuffle.setState(s.shuffle());
        recent.replace(s.recentScores());
    }

    /** Trains until the budget's iterations are done (or the thread is interrupted, after saving). */
    public void run(Checkpoints checkpoints, Listener listener) throws IOException, InterruptedException {
        long t0 = System.nanoTime(), lastSave = t0, framesAtStart = frames, total = iterations();
        long perUpdate = (long) collector.envs() * settings.steps();
        int nextPercent = (int) Math.min(100, (updates * 10 + total - 1) / total * 10);
        while (true) {
            // the flag first: a save with it set would be closed by the interrupt
            if (Thread.interrupted()) {
                checkpoints.saveResume(state(t0));
                throw new InterruptedException("training interrupted at " + frames + " frames; resume continues from here");
            }
            while (nextPercent <= 100 && updates >= total * nextPercent / 100) {
                checkpoints.saveFraction(nextPercent, learner);
                nextPercent += 10;
            }
            if (updates >= total) {
                break;
            }
            PpoCollector.Collected c = collector.collect(learner, settings.steps());
            double lr = config.learningRateAt(updates, total);
            PpoLearner.Stats stats = learner.update(c.rollout(), lr, shuffle);
            updates++;
            frames += perUpdate;
            checkFinite(stats);
            for (Collector.Episode e : c.games()) {
                games++;
                recent.add(e.score());
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            listener.onUpdate(new Progress(updates, frames, games, recent.mean(), recent.median(), stats, lr, (frames - framesAtStart) / elapsed,
                    secondsBefore + elapsed));
            if ((System.nanoTime() - lastSave) / 1e9 >= settings.checkpointSeconds()) {
                checkpoints.saveResume(state(t0));
                lastSave = System.nanoTime();
            }
        }
        checkpoints.saveResume(state(t0));
    }

    /** Stops the run before anything is logged or saved when an update's losses are not finite. */
    private void checkFinite(PpoLearner.Stats s) {
        double[] v = {s.policyLoss(), s.valueLoss(), s.entropy(), s.approxKl(), s.gradNorm()};
        for (double x : v) {
            if (!Double.isFinite(x)) {
                throw new TrainingDivergedException("the PPO update at " + frames + " frames gave a non-finite loss or gradient norm (" + s
                        + "); the saves before it are untouched: resume from them with a smaller learning rate");
            }
        }
    }

    private State state(long t0) {
        return new State(learner.weights(), learner.optimizerState(), learner.steps(), updates, frames, games,
                secondsBefore + (System.nanoTime() - t0) / 1e9, recent.list(), shuffle.state(), collector.snapshot());
    }
}
