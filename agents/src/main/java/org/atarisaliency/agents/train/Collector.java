package org.atarisaliency.agents.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.SplitMix;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.EpisodicLifeEnv;
import org.atarisaliency.env.GameSpec;

/**
 * The acting side of A2C: N environments stepped together, one batched forward per step, actions
 * sampled from the softmax. Environment i is seeded with {@link Seeds#env}(seed, i) and samples
 * with {@link Seeds#actions}(seed, i); an environment whose episode ends is reset and its memory
 * zeroed. Asked to ({@link #withLifeLossTerminals()}), it also ends the return at each lost life
 * ({@link EpisodicLifeEnv#lifeLost}'s rule) while the game and the memory go on. Its whole state (emulators, RNGs, memory, current observations, running episodes) can be
 * saved and restored, so a resumed run continues exactly.
 */
public final class Collector implements AutoCloseable {

    /** A finished episode: its return (unclipped) and length in agent steps. */
    public record Episode(int env, double score, int length) {
    }

    /**
     * One batch and the episodes that finished while collecting it.
     *
     * @param labels  with a {@link Teacher}: the expert's action for each step's observation [T * N], else null
     */
    public record Collected(Batch batch, List<Episode> episodes, int[] labels) {
    }

    /**
     * Everything needed to continue: per env its emulator state, RNG, memory row, observation and
     * running episode; in an imitation run also the expert's labels of the current observations
     * and the teacher's state (both null otherwise).
     */
    public record Snapshot(List<byte[]> envStates, long[] rngStates, RecurrentState memory, float[] observations, double[] scores,
                           int[] lengths, int[] labels, Teacher.State teacher) {
        /** A snapshot of a run without a teacher. */
        public Snapshot(List<byte[]> envStates, long[] rngStates, RecurrentState memory, float[] observations, double[] scores, int[] lengths) {
            this(envStates, rngStates, memory, observations, scores, lengths, null, null);
        }
    }

    private final List<AtariEnv> envs = new ArrayList<>();
    private final SplitMix[] rngs;
    private final int inputLength;
    private final boolean clipRewards;
    private final java.util.function.BiConsumer<byte[], float[]> preprocess;
    private RecurrentState memory;
    private float[] observations;
    private Teacher teacher;
    private int[] currentLabels;
    private final double[] scores;
    private final int[] lengths;
    private final int[] lives;
    private boolean lifeLossTerminals;

    /**
     * @param stateNames  the policy's recurrent state parts and size, for the zero memory
     * @param clipRewards learn from the sign of each reward (the returns reported stay unclipped)
     */
    public Collector(GameSpec game, Path rom, int n, long seed, org.atarisaliency.env.FramePreprocessor preprocessor, List<String> stateNames,
                     int stateSize, boolean clipRewards) {
        this(java.util.Collections.nCopies(n, game), rom, seed, preprocessor, stateNames, stateSize, clipRewards);
    }

    /**
     * As {@link #Collector(GameSpec, Path, int, long, org.atarisaliency.env.FramePreprocessor, List, int, boolean)}, environment i
     * playing {@code games.get(i)} (the same game, each with or without variants: one action set).
     */
    public Collector(List<GameSpec> games, Path rom, long seed, org.atarisaliency.env.FramePreprocessor preprocessor, List<String> stateNames,
                     int stateSize, boolean clipRewards) {
        int n = games.size();
        this.rngs = new SplitMix[n];
        this.inputLength = preprocessor.length();
        this.clipRewards = clipRewards;
        this.preprocess = (rgb, out) -> preprocessor.apply(rgb, out, 0);
        this.scores = new double[n];
        this.lengths = new int[n];
        this.lives = new int[n];
        for (int i = 0; i < n; i++) {
            envs.add(AtariEnv.open(games.get(i), rom, Seeds.env(seed, i), 0));
            rngs[i] = new SplitMix(Seeds.actions(seed, i));
            lives[i] = envs.get(i).lives();
        }
        this.memory = RecurrentState.zeros(n, stateNames, stateSize);
        this.observations = new float[n * inputLength];
        for (int i = 0; i < n; i++) {
            observe(i);
        }
    }

    /**
     * From now on the {@code teacher} labels every observation and draws its hint strip before the
     * acting policy sees it (imitation runs). The current observations are labelled as episode starts.
     */
    public Collector withTeacher(Teacher t) {
        this.teacher = t;
        boolean[] all = new boolean[envs.size()];
        java.util.Arrays.fill(all, true);
        teach(all);
        return this;
    }

    /**
     * From now on a lost life ends the return at that step ({@link Batch#terminals()}) as a game over does, without
     * resetting the game or the memory (the standard Atari terminal-on-life-loss; evaluation plays whole games as before).
     */
    public Collector withLifeLossTerminals() {
        this.lifeLossTerminals = true;
        return this;
    }

    /** Number of environments. */
    public int envs() {
        return envs.size();
    }

    /** The game's action count. */
    public int actionCount() {
        return envs.get(0).actionCount();
    }

    /** Plays {@code steps} steps in every environment with {@code policy} (the learner's current weights). */
    public Collected collect(Policy policy, int steps) throws InterruptedException {
        int n = envs.size();
        float[] obs = new float[(steps + 1) * n * inputLength];
        int[] actions = new int[steps * n];
        float[] rewards = new float[steps * n];
        boolean[] dones = new boolean[steps * n];
        boolean[] terminals = new boolean[steps * n];
        RecurrentState start = memory.copy();
        List<Episode> finished = new ArrayList<>();
        int[] labels = teacher == null ? null : new int[steps * n];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(observations, 0, obs, t * n * inputLength, n * inputLength);
            if (teacher != null) {
                System.arraycopy(currentLabels, 0, labels, t * n, n);
            }
            PolicyOutput out = policy.forward(observations, memory);
            RecurrentState next = out.next();
            int[] chosen = new int[n];
            for (int i = 0; i < n; i++) {
                chosen[i] = rngs[i].sample(out.probabilities(i));
            }
            int tt = t;
            // the emulators step in two halves at once (each env is independent; the outcome does not depend on the split)
            double[] stepRewards = new double[n];
            boolean[] over = new boolean[n];
            boolean[] lifeLost = new boolean[n];
            EnvThreads.inHalves(n, i -> {
                AtariEnv.Step st = envs.get(i).step(chosen[i]);
                stepRewards[i] = st.reward();
                over[i] = st.gameOver();
                lifeLost[i] = EpisodicLifeEnv.lifeLost(lives[i], envs.get(i).lives());
                if (st.gameOver()) {
                    envs.get(i).reset();
                }
                lives[i] = envs.get(i).lives();
                if (teacher == null) {
                    observe(i);
                }
            });
            if (teacher != null) {
                teach(over);
            }
            for (int i = 0; i < n; i++) {
                int k = tt * n + i;
                actions[k] = chosen[i];
                rewards[k] = clipRewards ? (float) Math.signum(stepRewards[i]) : (float) stepRewards[i];
                scores[i] += stepRewards[i];
                lengths[i]++;
                terminals[k] = over[i] || lifeLossTerminals && lifeLost[i];
                if (over[i]) {
                    dones[k] = true;
                    finished.add(new Episode(i, scores[i], lengths[i]));
                    scores[i] = 0;
                    lengths[i] = 0;
                    next.zeroRow(i);
                }
            }
            memory = next;
        }
        System.arraycopy(observations, 0, obs, steps * n * inputLength, n * inputLength);
        return new Collected(new Batch(n, steps, inputLength, obs, actions, rewards, dones, terminals, start), finished, labels);
    }

    /** The whole acting state, for a checkpoint. */
    public Snapshot snapshot() {
        List<byte[]> states = new ArrayList<>();
        long[] rng = new long[envs.size()];
        for (int i = 0; i < envs.size(); i++) {
            try (EnvState s = envs.get(i).cloneState()) {
                states.add(s.toBytes());
            }
            rng[i] = rngs[i].state();
        }
        return new Snapshot(states, rng, memory.copy(), observations.clone(), scores.clone(), lengths.clone(),
                teacher == null ? null : currentLabels.clone(), teacher == null ? null : teacher.state());
    }

    /** Continues from a {@link #snapshot()} of a collector over the same game and number of envs. */
    public void restore(Snapshot s) {
        if (s.envStates().size() != envs.size()) {
            throw new IllegalArgumentException("the checkpoint has " + s.envStates().size() + " environments, this run " + envs.size());
        }
        if ((s.teacher() != null) != (teacher != null)) {
            throw new IllegalArgumentException(teacher == null ? "the checkpoint is of an imitation run; this run has no teacher"
                    : "the checkpoint has no teacher state; this is an imitation run");
        }
        if (teacher != null) {
            teacher.restore(s.teacher());
            currentLabels = s.labels().clone();
        }
        for (int i = 0; i < envs.size(); i++) {
            try (EnvState st = EnvState.fromBytes(s.envStates().get(i))) {
                envs.get(i).restoreState(st);
            }
            rngs[i].setState(s.rngStates()[i]);
            lives[i] = envs.get(i).lives();
        }
        memory = s.memory().copy();
        observations = s.observations().clone();
        System.arraycopy(s.scores(), 0, scores, 0, scores.length);
        System.arraycopy(s.lengths(), 0, lengths, 0, lengths.length);
    }

    /** The teacher labels and marks every env's frame; then the marked frames are preprocessed. */
    private void teach(boolean[] newEpisode) {
        byte[][] frames = new byte[envs.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = envs.get(i).frame();
        }
        currentLabels = teacher.labelAndMark(frames, newEpisode);
        for (int i = 0; i < frames.length; i++) {
            float[] x = new float[inputLength];
            preprocess.accept(frames[i], x);
            System.arraycopy(x, 0, observations, i * inputLength, inputLength);
        }
    }

    private void observe(int i) {
        float[] x = new float[inputLength];
        preprocess.accept(envs.get(i).frame(), x);
        System.arraycopy(x, 0, observations, i * inputLength, inputLength);
    }

    @Override
    public void close() {
        envs.forEach(AtariEnv::close);
    }
}
