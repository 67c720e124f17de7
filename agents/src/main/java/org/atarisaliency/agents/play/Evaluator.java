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
import org.atarisaliency.env.FramePreprocessor;

/**
 * Plays whole episodes with several environments stepped together: one batched forward per step for
 * each half of the live episodes, while the other half's emulators step on a worker thread. Each
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

    /** Called after every batched step (calling thread) and when an episode ends (worker thread). */
    public interface Listener {
        void onStep(long totalSteps, int finishedEpisodes);

        void onEpisode(Episode e);

        /** The action chosen for step {@code step} (0-based) of episode {@code episode} (calling thread); by default nothing. */
        default void onAction(int episode, int step, int action) {
        }
    }

    /**
     * Settings of an evaluation.
     *
     * @param resetMemoryEvery  memory ablation: zero the recurrent state before every k-th step of an
     *                          episode (1 = no memory at all); 0 = never (the normal agent)
     * @param hints             the hint strip's source for episode i, or null for none
     */
    public record Settings(GameSpec game, Path rom, int episodes, long seed, ActionSelection selection,
                           int maxEpisodeSteps, int parallel, int resetMemoryEvery, java.util.function.IntFunction<HintSource> hints) {

        /** The normal agent: memory never reset. */
        public Settings(GameSpec game, Path rom, int episodes, long seed, ActionSelection selection, int maxEpisodeSteps, int parallel) {
            this(game, rom, episodes, seed, selection, maxEpisodeSteps, parallel, 0, null);
        }

        /** Without hints. */
        public Settings(GameSpec game, Path rom, int episodes, long seed, ActionSelection selection, int maxEpisodeSteps, int parallel,
                        int resetMemoryEvery) {
            this(game, rom, episodes, seed, selection, maxEpisodeSteps, parallel, resetMemoryEvery, null);
        }

        public Settings {
            if (episodes < 1) {
                throw new org.atarisaliency.env.InvalidSettingException("episodes", "must be >= 1, got " + episodes);
            }
            if (maxEpisodeSteps < 1) {
                throw new org.atarisaliency.env.InvalidSettingException("max_steps", "must be >= 1, got " + maxEpisodeSteps);
            }
            if (parallel < 1) {
                throw new org.atarisaliency.env.InvalidSettingException("parallel", "must be >= 1, got " + parallel);
            }
            if (resetMemoryEvery < 0) {
                throw new IllegalArgumentException("memory reset period must be >= 0, got " + resetMemoryEvery);
            }
        }
    }

    private static final class Slot {
        final int episode;
        final AtariEnv env;
        final SplittableRandom rng;
        final int envSeed;
        final byte[] frame = new byte[AtariEnv.FRAME_BYTES];
        /** The episode's memory, a batch of one. */
        RecurrentState memory;
        final HintSource hints;
        int action = -1;

        Slot(int episode, Settings s, RecurrentState memory) {
            this.memory = memory;
            this.episode = episode;
            this.envSeed = Seeds.env(s.seed(), episode);
            this.env = AtariEnv.open(s.game(), s.rom(), envSeed, 0);
            this.rng = new SplittableRandom(Seeds.actions(s.seed(), episode));
            this.hints = s.hints() == null ? null : s.hints().apply(episode);
        }

        void close() {
            env.close();
            if (hints != null) {
                hints.close();
            }
        }
    }

    /** Half of the live episodes: one half's emulators step while the other half's forward runs. */
    private static final class Group {
        List<Slot> slots = new ArrayList<>();
        float[] observations = new float[0];
    }

    /** Shared bookkeeping of one run. */
    private static final class Run {
        final Policy policy;
        final Settings s;
        final Listener listener;
        final List<Episode> finished = new ArrayList<>();
        int nextEpisode;
        volatile long steps;

        Run(Policy policy, Settings s, Listener listener) {
            this.policy = policy;
            this.s = s;
            this.listener = listener;
        }

        /**
         * Steps every slot of the group with its chosen action, retires finished episodes (starting
         * new ones in their place while any remain), then preprocesses the frames the policy sees next.
         */
        void advance(Group g) {
            List<Slot> next = new ArrayList<>();
            for (Slot slot : g.slots) {
                if (slot.action >= 0) {
                    int lives = slot.env.lives();
                    AtariEnv.Step st = slot.env.step(slot.action);
                    steps++;
                    if (slot.env.lives() < lives && policy.memoryResetsOnLifeLoss()) {
                        slot.memory.zeroRow(0); // the library's episode start at a lost life
                    }
                    if (st.gameOver() || slot.env.episodeSteps() >= s.maxEpisodeSteps()) {
                        retire(slot);
                        slot = nextEpisode < s.episodes() ? newSlot() : null;
                    }
                }
                if (slot != null) {
                    next.add(slot);
                }
            }
            g.slots = next;
            FramePreprocessor pre = policy.preprocessor();
            int per = pre.length();
            g.observations = new float[next.size() * per];
            for (int i = 0; i < next.size(); i++) {
                Slot slot = next.get(i);
                slot.env.frame(slot.frame);
                if (slot.hints != null) {
                    slot.hints.mark(slot.frame, slot.env.actionCount());
                }
                pre.apply(slot.frame, g.observations, i * per);
            }
        }

        Slot newSlot() {
            return new Slot(nextEpisode++, s, policy.initialState(1));
        }

        private void retire(Slot slot) {
            Episode e = new Episode(slot.episode, slot.envSeed, slot.env.episodeReturn(), slot.env.episodeSteps(), !slot.env.gameOver());
            slot.close();
            synchronized (this) {
                finished.add(e);
            }
            if (listener != null) {
                listener.onEpisode(e);
            }
        }

        /** One batched forward for the group; chooses actions and keeps each episode's next memory. */
        void act(Group g) {
            int n = g.slots.size();
            if (n == 0) {
                return;
            }
            if (s.resetMemoryEvery() > 0) {
                for (Slot slot : g.slots) {
                    if (slot.env.episodeSteps() % s.resetMemoryEvery() == 0) {
                        slot.memory.zeroRow(0);
                    }
                }
            }
            RecurrentState state = RecurrentState.concat(g.slots.stream().map(slot -> slot.memory).toList());
            PolicyOutput out = policy.forward(g.observations, state);
            for (int i = 0; i < n; i++) {
                Slot slot = g.slots.get(i);
                slot.action = s.selection().choose(out, i, slot.rng);
                if (listener != null) {
                    listener.onAction(slot.episode, slot.env.episodeSteps(), slot.action);
                }
                slot.memory = out.next().row(i);
            }
        }
    }

    private Evaluator() {
    }

    /**
     * Runs the evaluation. The policy must have as many actions as the game. The live episodes are
     * split in two groups that alternate: while the policy runs one group's batched forward on the
     * calling thread, a worker thread steps the other group's emulators and preprocesses their frames.
     */
    public static Result run(Policy policy, Settings s, Listener listener) throws InterruptedException {
        long start = System.nanoTime();
        // the forward gets one core, the emulators the other: native ops must not spread over both
        var nd4jEnv = org.nd4j.linalg.factory.Nd4j.getEnvironment();
        int savedThreads = nd4jEnv.maxThreads();
        int savedMasterThreads = nd4jEnv.maxMasterThreads();
        nd4jEnv.setMaxThreads(1);
        nd4jEnv.setMaxMasterThreads(1);
        Run run = new Run(policy, s, listener);
        Group[] groups = {new Group(), new Group()};
        for (int i = 0; i < s.parallel() && run.nextEpisode < s.episodes(); i++) {
            groups[i % 2].slots.add(run.newSlot());
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "env-stepper");
            t.setDaemon(true);
            return t;
        });
        try {
            run.advance(groups[0]);
            Future<?> pending = worker.submit(() -> run.advance(groups[1]));
            int a = 0;
            while (true) {
                Group mine = groups[a];
                run.act(mine);
                await(pending);
                if (mine.slots.isEmpty() && groups[1 - a].slots.isEmpty()) {
                    break;
                }
                pending = worker.submit(() -> run.advance(mine));
                if (listener != null) {
                    listener.onStep(run.steps, run.finished.size());
                }
                a = 1 - a;
            }
        } finally {
            nd4jEnv.setMaxThreads(savedThreads);
            nd4jEnv.setMaxMasterThreads(savedMasterThreads);
            worker.shutdownNow();
            for (Group g : groups) {
                g.slots.forEach(Slot::close);
            }
        }
        List<Episode> episodes = new ArrayList<>(run.finished);
        episodes.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new Result(episodes, run.steps, (System.nanoTime() - start) / 1e9);
    }

    private static void await(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        }
    }
}
