package org.atarisaliency.agents.sb3;

import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.FramePreprocessor;

/**
 * A feed-forward agent on the Nature-DQN trunk ({@link NatureCnn}) over a stack of K grey frames,
 * as Stable-Baselines3 (DQN, QR-DQN, A2C, PPO with {@code CnnPolicy}) and CleanRL ({@code dqn_atari},
 * {@code c51_atari}, {@code ppo_atari}) train it; loaded by {@link Sb3Zip} and {@link CleanRlModel}.
 *
 * <p><b>Outputs.</b> Actor-critic ({@link Head#ACTOR_CRITIC}): the logits are the raw output of the
 * action head ({@code action_net} / {@code actor}; SB3's {@code Categorical} normalises them to
 * log-probabilities, which differ by a constant per row) and the value is the critic's. Value-based
 * heads: the Q-values are the logits (greedy = arg-max Q, as {@code predict(deterministic=True)})
 * and the value is max<sub>a</sub> Q. {@link Head#QUANTILE} (QR-DQN): Q = mean of the quantiles
 * (output viewed as [N, quantiles, A]); {@link Head#CATEGORICAL} (C51): Q = Σ softmax(atom logits) · atoms
 * (output viewed as [N, A, atoms]).
 *
 * <p><b>Frame stack</b> (as {@link org.atarisaliency.agents.rl4j.Rl4jPolicy}, so that memory
 * analysis sees the older frames as the agent's memory). The network input is [N, K, S, S], oldest
 * frame first (SB3's {@code VecFrameStack} and gym's {@code FrameStack} both put the newest frame
 * last). One step's observation is one preprocessed frame [N, 1, S, S] ({@link #inputChannels()} = 1);
 * the state has one part, {@value #FRAMES}, with the K-1 previous frames oldest first
 * ({@link #stateSize()} = (K-1)·S·S); {@link #forward} runs the network on [previous frames..., new
 * frame] and returns the last K-1 frames as the next state.
 *
 * <p><b>Episode start.</b> The zero state (K-1 black frames) is SB3's convention: {@code VecFrameStack}
 * fills its buffer with zeros at reset. CleanRL's environments use gym's {@code FrameStack}, which
 * repeats the first frame: start those with {@link #stateRepeating}.
 *
 * <p><b>Scale.</b> Observations are in 0..1 (frame bytes / 255), which is what SB3 feeds the network
 * when {@code normalize_images} is true (the default) and what CleanRL's {@code x / 255.0} gives.
 * With {@code normalize_images=False} the network saw raw bytes, and the frames are multiplied by 255.
 *
 * <p>Not thread-safe.
 */
public final class NatureCnnPolicy implements Policy {

    /** The state part name. */
    public static final String FRAMES = "frames";

    /** What the heads compute. */
    public enum Head { ACTOR_CRITIC, Q, QUANTILE, CATEGORICAL }

    private String description;
    private final Head head;
    private final NatureCnn piTrunk;
    /** The critic's own trunk, or null when it shares the actor's. */
    private final NatureCnn vfTrunk;
    private final List<Dense> piMlp;
    private final List<Dense> vfMlp;
    private final Activation mlpActivation;
    private final Dense out;
    private final Dense valueOut;
    private final int actions;
    /** Quantiles (QUANTILE) or atoms (CATEGORICAL); 1 otherwise. */
    private final int bins;
    private final float[] atoms;
    private final float inputScale;
    private final FramePreprocessor preprocessor;

    /**
     * @param vfTrunk        the critic's trunk when it is not shared, else null
     * @param piMlp          hidden layers after the trunk, before {@code out} (may be empty)
     * @param vfMlp          hidden layers before {@code valueOut} (ACTOR_CRITIC; may be empty)
     * @param mlpActivation  the activation after each hidden layer (unused when both are empty)
     * @param out            the action head (logits, Q-values, quantiles or atom logits)
     * @param valueOut       the value head (ACTOR_CRITIC only)
     * @param bins           quantiles or atoms per action (1 for ACTOR_CRITIC and Q)
     * @param atoms          the C51 support (CATEGORICAL only)
     * @param inputScale     what the 0..1 frames are multiplied by before the trunk (1, or 255)
     */
    NatureCnnPolicy(String description, Head head, NatureCnn piTrunk, NatureCnn vfTrunk, List<Dense> piMlp,
            List<Dense> vfMlp, Activation mlpActivation, Dense out, Dense valueOut, int bins, float[] atoms,
            float inputScale, FramePreprocessor preprocessor) {
        this.description = description;
        this.head = head;
        this.piTrunk = piTrunk;
        this.vfTrunk = vfTrunk;
        this.piMlp = List.copyOf(piMlp);
        this.vfMlp = List.copyOf(vfMlp);
        this.mlpActivation = mlpActivation;
        this.out = out;
        this.valueOut = valueOut;
        this.bins = bins;
        this.actions = out.out() / bins;
        this.atoms = atoms;
        this.inputScale = inputScale;
        this.preprocessor = preprocessor;
        if (out.out() % bins != 0) {
            throw new IllegalArgumentException("head of " + out.out() + " outputs does not split into " + bins + " bins");
        }
    }

    /** Sets the description (by the loaders); returns this. */
    NatureCnnPolicy withDescription(String d) {
        this.description = d;
        return this;
    }

    /** What the heads compute. */
    public Head head() {
        return head;
    }

    /** K, the frames the network sees at once. */
    public int historyLength() {
        return piTrunk.frames;
    }

    /** Quantiles per action (QR-DQN) or atoms per action (C51); 1 otherwise. */
    public int bins() {
        return bins;
    }

    /** Whether the critic has its own trunk (SB3 {@code share_features_extractor=False}). */
    public boolean separateCritic() {
        return vfTrunk != null;
    }

    @Override
    public FramePreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public int inputSize() {
        return piTrunk.side;
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    @Override
    public int actionCount() {
        return actions;
    }

    @Override
    public List<String> stateNames() {
        return piTrunk.frames > 1 ? List.of(FRAMES) : List.of();
    }

    @Override
    public int stateSize() {
        return (piTrunk.frames - 1) * piTrunk.side * piTrunk.side;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * The state in which each agent's K-1 previous frames are all its first frame (gym's
     * {@code FrameStack}, as CleanRL's environments start an episode).
     *
     * @param firstFrames  [N*S*S] one preprocessed frame per agent
     */
    public RecurrentState stateRepeating(float[] firstFrames) {
        int fs = inputSize() * inputSize();
        if (firstFrames.length == 0 || firstFrames.length % fs != 0) {
            throw new IllegalArgumentException("expected N frames of " + fs + " floats, got " + firstFrames.length);
        }
        int n = firstFrames.length / fs;
        int k = historyLength();
        if (k == 1) {
            return RecurrentState.zeros(n, List.of(), 0);
        }
        int keep = stateSize();
        float[] frames = new float[n * keep];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k - 1; j++) {
                System.arraycopy(firstFrames, i * fs, frames, i * keep + j * fs, fs);
            }
        }
        return new RecurrentState(n, List.of(FRAMES), List.of(frames));
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch();
        int fs = inputSize() * inputSize();
        int k = historyLength();
        FrameStack stack = FrameStack.push(k > 1 ? state.part(FRAMES) : new float[0], observations, n, k, fs);
        RecurrentState nextState = k > 1 ? new RecurrentState(n, List.of(FRAMES), List.of(stack.next()))
                : RecurrentState.zeros(n, List.of(), 0);
        return forwardStacks(stack.input(), n, nextState);
    }

    /**
     * The network on N whole stacks [N*K*S*S] of frames in 0..1, oldest frame first (e.g. to compare
     * with the library on its own observation tensors); {@code next} is passed through.
     */
    PolicyOutput forwardStacks(float[] stacks, int n, RecurrentState next) {
        float[] x = FrameStack.scaled(stacks, inputScale);
        float[] f = piTrunk.forward(x, n);
        float[] latentPi = mlp(piMlp, f, n);
        float[] raw = out.apply(latentPi, n);
        float[] logits;
        float[] values = new float[n];
        switch (head) {
            case ACTOR_CRITIC -> {
                logits = raw;
                float[] fv = vfTrunk == null ? f : vfTrunk.forward(x, n);
                values = valueOut.apply(mlp(vfMlp, fv, n), n);
            }
            case Q -> {
                logits = raw;
                maxRows(logits, n, values);
            }
            case QUANTILE -> {
                logits = new float[n * actions];
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < actions; a++) {
                        double s = 0;
                        for (int q = 0; q < bins; q++) {
                            s += raw[i * bins * actions + q * actions + a];
                        }
                        logits[i * actions + a] = (float) (s / bins);
                    }
                }
                maxRows(logits, n, values);
            }
            case CATEGORICAL -> {
                logits = new float[n * actions];
                for (int i = 0; i < n; i++) {
                    for (int a = 0; a < actions; a++) {
                        int o = (i * actions + a) * bins;
                        double m = Double.NEGATIVE_INFINITY;
                        for (int j = 0; j < bins; j++) {
                            m = Math.max(m, raw[o + j]);
                        }
                        double z = 0;
                        double q = 0;
                        for (int j = 0; j < bins; j++) {
                            double e = Math.exp(raw[o + j] - m);
                            z += e;
                            q += e * atoms[j];
                        }
                        logits[i * actions + a] = (float) (q / z);
                    }
                }
                maxRows(logits, n, values);
            }
            default -> throw new IllegalStateException(head.toString());
        }
        return new PolicyOutput(n, actions, logits, values, next);
    }

    private float[] mlp(List<Dense> layers, float[] x, int n) {
        return Dense.hidden(layers, mlpActivation, x, n);
    }

    private void maxRows(float[] q, int n, float[] values) {
        for (int i = 0; i < n; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < actions; j++) {
                m = Math.max(m, q[i * actions + j]);
            }
            values[i] = m;
        }
    }

    @Override
    public void close() {
        piTrunk.close();
        if (vfTrunk != null) {
            vfTrunk.close();
        }
    }
}
