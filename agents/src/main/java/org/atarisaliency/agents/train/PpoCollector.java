package org.atarisaliency.agents.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EpisodicLifeEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.agents.sb3.Sb3Preprocessor;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.Sb3Preprocessing;
import org.atarisaliency.env.SplitMix;

/**
 * The acting side of CleanRL's PPO: N games ({@code make_atari_env}-style: the spec's no-op and fire starts and
 * max-pooled skip, {@link EpisodicLifeEnv}) stepped together in two halves, one batched policy step per step
 * ({@link PpoLearner#act}), actions sampled from the softmax with env i's own RNG ({@link Seeds#actions}).
 * Observations are made as CleanRL's scripts make them ({@link #FRAMES}: gym's ResizeObservation(84, 84) of
 * the RGB screen, then GrayScaleObservation; the order our loader applies to every CleanRL file, so a saved
 * {@code model.pt} is played on the frames it learned from), stacked {@link PpoArch#frames} deep (gym's
 * FrameStack: the newest last, the start of an episode repeated); rewards are clipped to their sign while the
 * finished games are reported with their real score. A lost life or game over is CleanRL's {@code done}; the
 * vector env resets at once (gymnasium 0.29's autoreset), so the next observation begins the next episode.
 */
public final class PpoCollector implements AutoCloseable {
    /** CleanRL's frame transform (resize each RGB channel with INTER_AREA, then grey), as CleanRL files are loaded. */
    public static final FramePreprocessor FRAMES = new Sb3Preprocessor(Sb3Preprocessing.OUT, true);

    /** Everything needed to continue: per env the game and RNG, the current stacked observations, done flags and LSTM state. */
    public record Snapshot(List<EpisodicLifeEnv.State> envs, long[] rngStates, float[] observations, boolean[] nextDone,
                           RecurrentState state) {
    }

    /** A rollout and the games that ended while collecting it. */
    public record Collected(PpoRollout rollout, List<Collector.Episode> games) {
    }

    private final List<EpisodicLifeEnv> envs = new ArrayList<>();
    private final SplitMix[] rngs;
    private final PpoArch arch;
    private final int inputLength;
    private float[] observations;
    private boolean[] nextDone;
    private RecurrentState state;

    /** Opens {@code n} games of {@code game}, env i seeded with {@link Seeds#env}(seed, i). */
    public PpoCollector(GameSpec game, Path rom, int n, long seed, PpoArch arch) {
        this.arch = arch;
        this.inputLength = arch.frames * Sb3Preprocessing.OUT_SIZE;
        this.rngs = new SplitMix[n];
        this.observations = new float[n * inputLength];
        this.nextDone = new boolean[n];
        for (int i = 0; i < n; i++) {
            envs.add(new EpisodicLifeEnv(AtariEnv.open(game, rom, Seeds.env(seed, i), 0)));
            rngs[i] = new SplitMix(Seeds.actions(seed, i));
            startStack(i);
        }
        this.state = arch == PpoArch.LSTM ? RecurrentState.zeros(n, arch.stateNames(), arch.hidden) : null;
    }

    /** Number of environments. */
    public int envs() {
        return envs.size();
    }

    /** The game's action count. */
    public int actionCount() {
        return envs.get(0).env().actionCount();
    }

    /** Plays {@code steps} steps in every env with the learner's current weights. */
    public Collected collect(PpoLearner learner, int steps) throws InterruptedException {
        int n = envs.size(), a = learner.actions();
        float[] obs = new float[steps * n * inputLength], logProbs = new float[steps * n], values = new float[steps * n],
                rewards = new float[steps * n];
        int[] actions = new int[steps * n];
        boolean[] starts = new boolean[steps * n];
        RecurrentState start = state == null ? null : state.copy();
        List<Collector.Episode> games = new ArrayList<>();
        double[] logp = new double[a], p = new double[a];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(observations, 0, obs, t * n * inputLength, n * inputLength);
            System.arraycopy(nextDone, 0, starts, t * n, n);
            PpoLearner.Acting act = learner.act(observations, n, state, nextDone);
            state = act.next();
            int[] chosen = new int[n];
            for (int i = 0; i < n; i++) {
                PpoLoss.logSoftmax(act.logits(), i * a, a, logp, p);
                chosen[i] = rngs[i].sample(p);
                actions[t * n + i] = chosen[i];
                logProbs[t * n + i] = (float) logp[chosen[i]];
                values[t * n + i] = act.values()[i];
            }
            EpisodicLifeEnv.Step[] out = new EpisodicLifeEnv.Step[n];
            double[] scores = new double[n];
            int[] lengths = new int[n];
            EnvThreads.inHalves(n, i -> {
                EpisodicLifeEnv e = envs.get(i);
                out[i] = e.step(chosen[i]);
                scores[i] = e.gameScore();
                lengths[i] = e.gameSteps();
                if (out[i].done()) {
                    e.reset();
                    startStack(i);
                } else {
                    push(i);
                }
            });
            for (int i = 0; i < n; i++) {
                rewards[t * n + i] = (float) Math.signum(out[i].reward());
                nextDone[i] = out[i].done();
                if (out[i].gameOver()) {
                    games.add(new Collector.Episode(i, scores[i], lengths[i]));
                }
            }
        }
        float[] nextValue = learner.act(observations, n, state, nextDone).values();
        return new Collected(new PpoRollout(n, steps, inputLength, obs, actions, logProbs, values, rewards, starts, nextValue,
                nextDone.clone(), start), games);
    }

    /** The whole acting state, for a checkpoint. */
    public Snapshot snapshot() {
        List<EpisodicLifeEnv.State> states = new ArrayList<>();
        long[] rng = new long[envs.size()];
        for (int i = 0; i < envs.size(); i++) {
            states.add(envs.get(i).snapshot());
            rng[i] = rngs[i].state();
        }
        return new Snapshot(states, rng, observations.clone(), nextDone.clone(), state == null ? null : state.copy());
    }

    /** Continues from a {@link #snapshot()} of a collector over the same game, envs and arch. */
    public void restore(Snapshot s) {
        if (s.envs().size() != envs.size() || s.observations().length != observations.length || (s.state() == null) != (state == null)) {
            throw new IllegalArgumentException("the checkpoint has " + s.envs().size() + " environments of " + s.observations().length / s.envs().size()
                    + " floats" + (s.state() == null ? "" : " and an LSTM state") + "; this run " + envs.size() + " of " + inputLength
                    + (state == null ? "" : " and an LSTM state"));
        }
        for (int i = 0; i < envs.size(); i++) {
            envs.get(i).restore(s.envs().get(i));
            rngs[i].setState(s.rngStates()[i]);
        }
        observations = s.observations().clone();
        nextDone = s.nextDone().clone();
        state = s.state() == null ? null : s.state().copy();
    }

    /** Env i's stack filled with its current frame (gym FrameStack's reset). */
    private void startStack(int i) {
        int o = i * inputLength;
        FRAMES.apply(envs.get(i).env().frame(), observations, o);
        for (int f = 1; f < arch.frames; f++) {
            System.arraycopy(observations, o, observations, o + f * Sb3Preprocessing.OUT_SIZE, Sb3Preprocessing.OUT_SIZE);
        }
    }

    /** Env i's stack shifted by one frame, its current frame last. */
    private void push(int i) {
        int o = i * inputLength, f = Sb3Preprocessing.OUT_SIZE;
        System.arraycopy(observations, o + f, observations, o, inputLength - f);
        FRAMES.apply(envs.get(i).env().frame(), observations, o + inputLength - f);
    }

    @Override
    public void close() {
        envs.forEach(EpisodicLifeEnv::close);
    }
}
