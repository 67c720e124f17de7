package org.atarisaliency.agents.play;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Preprocessing;

/**
 * Plays whole episodes with several environments stepped together: every agent step runs one
 * batched forward for all live episodes, while the emulators step on a small thread pool. Each
 * episode's env and action RNG are seeded from (seed, episode index) alone, so results do not
 * depend on how many episodes run at once. The recurrent memory starts at zero in each episode.
 */
public final class Evaluator {

    /** One finished episode. */
    public record Episode(int index, int envSeed, double score, int length, boolean truncated) {
    }

    /** All episodes plus timing. */
    public record Result(List<Episode> episodes, long steps, double seconds) {
        public double mean() {
            return episodes.stream().mapToDouble(Episode::score).average().orElse(Double.NaN);
        }

        /** Sample standard deviation (n-1); 0 for one episode. */
        public double sd() {
            int n = episodes.size();
            if (n < 2) {
                return 0;
            }
            double m = mean();
            return Math.sqrt(episodes.stream().mapToDouble(e -> (e.score() - m) * (e.score() - m)).sum() / (n - 1));
        }

        public double stepsPerSecond() {
            return steps / Math.max(seconds, 1e-9);
        }
    }

    /** Called after every batched step and when an episode ends. */
    public interface Listener {
        void onStep(long totalSteps, int finishedEpisodes);

        void onEpisode(Episode e);
    }

    /** Settings of an evaluation. */
    public record Settings(GameSpec game, Path rom, int episodes, long seed, ActionSelection selection,
                           int maxEpisodeSteps, int parallel, int threads) {
        public Settings {
            if (episodes < 1) {
                throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
            }
            if (maxEpisodeSteps < 1) {
                throw new IllegalArgumentException("--max-steps must be >= 1, got " + maxEpisodeSteps);
            }
            if (parallel < 1) {
                throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
            }
        }
    }

    private static final class Slot {
        final int episode;
        final AtariEnv env;
        final SplittableRandom rng;
        final int envSeed;
        final byte[] frame = new byte[AtariEnv.FRAME_BYTES];
        final float[][] memory;
        int action;
        boolean done;

        Slot(int episode, Settings s, int parts, int size) {
            this.memory = new float[parts][size];
            this.episode = episode;
            this.envSeed = Seeds.childInt(s.seed(), "env", episode);
            this.env = AtariEnv.open(s.game(), s.rom(), envSeed, 0);
            this.rng = new SplittableRandom(Seeds.child(s.seed(), "actions", episode));
        }
    }

    private Evaluator() {
    }

    /** Runs the evaluation. The policy must have as many actions as the game. */
    public static Result run(Policy policy, Settings s, Listener listener) throws InterruptedException {
        long start = System.nanoTime();
        int obsSize = policy.inputChannels() * Preprocessing.OUT * Preprocessing.OUT;
        List<Slot> live = new ArrayList<>();
        List<Episode> finished = new ArrayList<>();
        int nextEpisode = 0;
        long steps = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.threads()), r -> {
            Thread t = new Thread(r, "env-stepper");
            t.setDaemon(true);
            return t;
        });
        int parts = policy.stateNames().size();
        int size = policy.stateSize();
        try {
            while (finished.size() < s.episodes()) {
                while (live.size() < s.parallel() && nextEpisode < s.episodes()) {
                    live.add(new Slot(nextEpisode++, s, parts, size));
                }
                int n = live.size();
                float[] obs = new float[n * obsSize];
                List<float[]> state = new ArrayList<>();
                for (int k = 0; k < parts; k++) {
                    float[] part = new float[n * size];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(live.get(i).memory[k], 0, part, i * size, size);
                    }
                    state.add(part);
                }
                parallel(pool, live, (slot, i) -> {
                    slot.env.frame(slot.frame);
                    Preprocessing.preprocess(slot.frame, obs, i * obsSize);
                });
                PolicyOutput out = policy.forward(obs, new RecurrentState(n, policy.stateNames(), state));
                for (int i = 0; i < n; i++) {
                    Slot slot = live.get(i);
                    slot.action = s.selection().choose(out, i, slot.rng);
                    for (int k = 0; k < parts; k++) {
                        System.arraycopy(out.next().parts().get(k), i * size, slot.memory[k], 0, size);
                    }
                }
                parallel(pool, live, (slot, i) -> {
                    AtariEnv.Step st = slot.env.step(slot.action);
                    slot.done = st.gameOver() || slot.env.episodeSteps() >= s.maxEpisodeSteps();
                });
                steps += n;
                List<Slot> still = new ArrayList<>();
                for (Slot slot : live) {
                    if (!slot.done) {
                        still.add(slot);
                        continue;
                    }
                    Episode e = new Episode(slot.episode, slot.envSeed, slot.env.episodeReturn(), slot.env.episodeSteps(),
                            !slot.env.gameOver());
                    finished.add(e);
                    slot.env.close();
                    if (listener != null) {
                        listener.onEpisode(e);
                    }
                }
                live = still;
                if (listener != null) {
                    listener.onStep(steps, finished.size());
                }
            }
        } finally {
            pool.shutdownNow();
            for (Slot slot : live) {
                slot.env.close();
            }
        }
        finished.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Result(finished, steps, (System.nanoTime() - start) / 1e9);
    }

    private interface SlotTask {
        void run(Slot slot, int index);
    }

    private static void parallel(ExecutorService pool, List<Slot> slots, SlotTask task) throws InterruptedException {
        if (slots.size() <= 1) {
            for (int i = 0; i < slots.size(); i++) {
                task.run(slots.get(i), i);
            }
            return;
        }
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            int ii = i;
            fs.add(pool.submit(() -> task.run(slots.get(ii), ii)));
        }
        try {
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
    }
}
