package org.atarisaliency.agents.sb3;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.FramePreprocessor;

/**
 * A recurrent actor-critic on the Nature-DQN trunk ({@link NatureCnn}) over one grey frame, or a stack of K
 * (RL Zoo's Atari setting, {@code frame_stack: 4}), with a one-layer LSTM ({@link Lstm}): sb3-contrib's {@code RecurrentPPO} with {@code CnnLstmPolicy}
 * (loaded by {@link Sb3Zip}) and CleanRL's {@code ppo_atari_lstm} (loaded by {@link CleanRlModel}).
 *
 * <p><b>Forward</b>, as sb3-contrib's {@code RecurrentActorCriticPolicy.forward} with sequences of
 * length 1: features = trunk(frame); (h, c) = lstm_actor(features, (h, c)); logits =
 * action_net(mlp_pi(h)). The critic's latent is, by {@link Critic}: its own {@code lstm_critic} on
 * the critic's features ({@code enable_critic_lstm=True}, sb3-contrib's default), the actor's h
 * ({@code shared_lstm=True}; CleanRL's {@code critic} on the LSTM output), or the linear layer
 * {@code critic} on the features ({@code enable_critic_lstm=False}: no memory); value =
 * value_net(mlp_vf(latent)).
 *
 * <p><b>Memory.</b> The LSTM state carried across steps: parts {@value #H}, {@value #C} (the
 * actor's LSTM, [N, H]) and, with the critic's own LSTM, {@value #CRITIC_H}, {@value #CRITIC_C}; over a
 * frame stack, first the part {@value NatureCnnPolicy#FRAMES} with the K-1 previous frames ([N, (K-1)*S*S],
 * oldest first, as {@link NatureCnnPolicy} keeps them), so the parts differ in size ({@link #stateSizes()}).
 * The zero state (black frames, zero LSTM state) is the libraries' episode start ({@code VecFrameStack}
 * zeroes its buffer where the LSTM state is zeroed). Whether an episode, and so the memory, also starts
 * afresh after each lost life depends on how the agent was trained ({@link #memoryResetsOnLifeLoss()}).
 *
 * <p>Not thread-safe.
 */
public final class RecurrentPpoPolicy implements Policy {
    /** The actor LSTM's hidden state. */
    public static final String H = "h";
    /** The actor LSTM's cell state. */
    public static final String C = "c";
    /** The critic LSTM's hidden state ({@link Critic#OWN_LSTM} only). */
    public static final String CRITIC_H = "critic_h";
    /** The critic LSTM's cell state ({@link Critic#OWN_LSTM} only). */
    public static final String CRITIC_C = "critic_c";

    /** Where the critic's latent comes from. */
    public enum Critic {
        /** its own LSTM, {@code lstm_critic} (sb3-contrib {@code enable_critic_lstm=True}, the default) */
        OWN_LSTM,
        /** the actor's LSTM output (sb3-contrib {@code shared_lstm=True}; CleanRL {@code ppo_atari_lstm}) */
        ACTOR_LSTM,
        /** a linear layer {@code critic} on the features, without memory (sb3-contrib {@code enable_critic_lstm=False}) */
        LINEAR
    }

    /** The layers of one agent; {@code vfTrunk}, {@code criticLstm}, {@code criticLinear} null where unused. */
    record Layers(NatureCnn piTrunk, NatureCnn vfTrunk, Lstm actorLstm, Critic critic, Lstm criticLstm, Dense criticLinear,
            List<Dense> piMlp, List<Dense> vfMlp, Activation mlpActivation, Dense actionNet, Dense valueNet) {
    }

    private final String description;
    private final Layers l;
    private final float inputScale;
    private final FramePreprocessor preprocessor;
    private final MemoryReset reset;

    /**
     * Where the agent's training environment started an episode, and so its memory, afresh: at each lost life
     * or only at game over; {@code source} says how that is known (it goes into the description, and from
     * there into every run's provenance).
     */
    public record MemoryReset(boolean onLifeLoss, String source) {
        /** An sb3-contrib zip without its RL Zoo config.yml: the zoo's ppo_lstm setting, where such agents come from. */
        public static final MemoryReset ZOO_DEFAULT = new MemoryReset(false,
                "RL Zoo's ppo_lstm setting terminal_on_life_loss: False; no config.yml beside the zip");
        /** CleanRL's ppo_atari_lstm, whose make_env always wraps EpisodicLifeEnv. */
        public static final MemoryReset CLEANRL = new MemoryReset(true, "ppo_atari_lstm's EpisodicLifeEnv");

        /** e.g. "memory reset at each lost life (ppo_atari_lstm's EpisodicLifeEnv)". */
        public String describe() {
            return "memory reset " + (onLifeLoss ? "at each lost life" : "only at game over") + " (" + source + ")";
        }
    }

    /** @param inputScale  what the 0..1 frames are multiplied by before the trunk (1, or 255 with normalize_images=False) */
    RecurrentPpoPolicy(String description, Layers layers, float inputScale, FramePreprocessor preprocessor, MemoryReset reset) {
        this.description = description;
        this.l = layers;
        this.inputScale = inputScale;
        this.preprocessor = preprocessor;
        this.reset = reset;
    }

    /** The same agent with the reset rule its training config says (sb3-contrib zips beside RL Zoo's config.yml). */
    RecurrentPpoPolicy withMemoryReset(MemoryReset r) {
        return new RecurrentPpoPolicy(description, l, inputScale, preprocessor, r);
    }

    /** Where the memory starts afresh, and how that is known. */
    public MemoryReset memoryReset() {
        return reset;
    }

    /** Frames per network input: K of the frame stack, 1 without one. */
    public int historyLength() {
        return l.piTrunk().frames;
    }

    /** Where the critic's latent comes from. */
    public Critic critic() {
        return l.critic();
    }

    /** Whether the critic has its own trunk (sb3-contrib {@code share_features_extractor=False}). */
    public boolean separateCriticTrunk() {
        return l.vfTrunk() != null;
    }

    @Override
    public FramePreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public int inputSize() {
        return l.piTrunk().side;
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    @Override
    public int actionCount() {
        return l.actionNet().out();
    }

    @Override
    public List<String> stateNames() {
        List<String> lstm = l.critic() == Critic.OWN_LSTM ? List.of(H, C, CRITIC_H, CRITIC_C) : List.of(H, C);
        return historyLength() > 1 ? Stream.concat(Stream.of(NatureCnnPolicy.FRAMES), lstm.stream()).toList() : lstm;
    }

    /** The LSTM's units; refused over a frame stack, whose parts differ in size (use {@link #stateSizes()}). */
    @Override
    public int stateSize() {
        if (historyLength() > 1) {
            throw new IllegalStateException(describe() + ": the state parts " + stateNames() + " differ in size " + stateSizes());
        }
        return lstmUnits();
    }

    @Override
    public List<Integer> stateSizes() {
        List<Integer> sizes = new ArrayList<>();
        for (String part : stateNames()) {
            sizes.add(part.equals(NatureCnnPolicy.FRAMES) ? framesSize() : lstmUnits());
        }
        return sizes;
    }

    /** Units of each LSTM state part (H). */
    public int lstmUnits() {
        return l.actorLstm().hidden;
    }

    private int framesSize() {
        return (historyLength() - 1) * inputSize() * inputSize();
    }

    @Override
    public String describe() {
        return description + "; " + reset.describe();
    }

    /**
     * As the agent was trained ({@link #memoryReset()}): CleanRL's {@code ppo_atari_lstm}, yes (its
     * {@code EpisodicLifeEnv}); an sb3-contrib zip, as RL Zoo's config.yml beside it says, else no (the zoo's
     * {@code terminal_on_life_loss: False}).
     */
    @Override
    public boolean memoryResetsOnLifeLoss() {
        return reset.onLifeLoss();
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch();
        if (!state.names().equals(stateNames()) || !state.sizes().equals(stateSizes())) {
            throw new IllegalArgumentException("expected a state " + stateNames() + " of " + stateSizes() + " units, got "
                    + state.names() + " of " + state.sizes());
        }
        int k = historyLength();
        FrameStack stack = FrameStack.push(k > 1 ? state.part(NatureCnnPolicy.FRAMES) : new float[0], observations, n, k,
                inputSize() * inputSize());
        float[] x = FrameStack.scaled(stack.input(), inputScale);
        int hs = lstmUnits();
        float[] piFeatures = l.piTrunk().forward(x, n);
        float[] h = new float[n * hs];
        float[] c = new float[n * hs];
        l.actorLstm().step(piFeatures, state.part(H), state.part(C), h, c, n);
        float[] vfFeatures = l.vfTrunk() == null ? piFeatures : l.critic() == Critic.ACTOR_LSTM ? null : l.vfTrunk().forward(x, n);
        float[] latentVf;
        RecurrentState next;
        switch (l.critic()) {
            case OWN_LSTM -> {
                float[] ch = new float[n * hs];
                float[] cc = new float[n * hs];
                l.criticLstm().step(vfFeatures, state.part(CRITIC_H), state.part(CRITIC_C), ch, cc, n);
                latentVf = ch;
                next = nextState(stack, n, h, c, ch, cc);
            }
            case ACTOR_LSTM -> {
                latentVf = h;
                next = nextState(stack, n, h, c);
            }
            default -> {
                latentVf = l.criticLinear().apply(vfFeatures, n);
                next = nextState(stack, n, h, c);
            }
        }
        float[] logits = l.actionNet().apply(Dense.hidden(l.piMlp(), l.mlpActivation(), h, n), n);
        float[] values = l.valueNet().apply(Dense.hidden(l.vfMlp(), l.mlpActivation(), latentVf, n), n);
        return new PolicyOutput(n, actionCount(), logits, values, next);
    }

    private RecurrentState nextState(FrameStack stack, int n, float[]... lstm) {
        List<float[]> parts = new ArrayList<>();
        if (historyLength() > 1) {
            parts.add(stack.next());
        }
        parts.addAll(List.of(lstm));
        return new RecurrentState(n, stateNames(), parts);
    }

    @Override
    public void close() {
        l.piTrunk().close();
        if (l.vfTrunk() != null) {
            l.vfTrunk().close();
        }
    }
}
