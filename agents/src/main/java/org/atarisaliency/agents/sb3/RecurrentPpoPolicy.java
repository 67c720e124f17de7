package org.atarisaliency.agents.sb3;

import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.FramePreprocessor;

/**
 * A recurrent actor-critic on the Nature-DQN trunk ({@link NatureCnn}) over one grey frame with a
 * one-layer LSTM ({@link Lstm}): sb3-contrib's {@code RecurrentPPO} with {@code CnnLstmPolicy}
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
 * actor's LSTM, [N, H]) and, with the critic's own LSTM, {@value #CRITIC_H}, {@value #CRITIC_C}.
 * The zero state is the libraries' episode start: both zero the LSTM state where their environment
 * says an episode starts, which in their standard Atari setup is also after each lost life
 * ({@link #memoryResetsOnLifeLoss()}).
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

    /** @param inputScale  what the 0..1 frames are multiplied by before the trunk (1, or 255 with normalize_images=False) */
    RecurrentPpoPolicy(String description, Layers layers, float inputScale, FramePreprocessor preprocessor) {
        this.description = description;
        this.l = layers;
        this.inputScale = inputScale;
        this.preprocessor = preprocessor;
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
        return l.critic() == Critic.OWN_LSTM ? List.of(H, C, CRITIC_H, CRITIC_C) : List.of(H, C);
    }

    @Override
    public int stateSize() {
        return l.actorLstm().hidden;
    }

    @Override
    public String describe() {
        return description;
    }

    /** Both libraries' Atari setups end an episode at each lost life (SB3's AtariWrapper, CleanRL's EpisodicLifeEnv). */
    @Override
    public boolean memoryResetsOnLifeLoss() {
        return true;
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch();
        int side = inputSize();
        if (observations.length != n * side * side) {
            throw new IllegalArgumentException("expected " + n + " observations of " + side * side + " floats (1x" + side + "x" + side
                    + "), got " + observations.length + " floats");
        }
        if (!state.names().equals(stateNames()) || state.size() != stateSize()) {
            throw new IllegalArgumentException("expected a state " + stateNames() + " of " + stateSize() + " units, got "
                    + state.names() + " of " + state.size());
        }
        float[] x = observations;
        if (inputScale != 1f) {
            x = new float[observations.length];
            for (int j = 0; j < x.length; j++) {
                x[j] = observations[j] * inputScale;
            }
        }
        int hs = stateSize();
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
                next = new RecurrentState(n, stateNames(), List.of(h, c, ch, cc));
            }
            case ACTOR_LSTM -> {
                latentVf = h;
                next = new RecurrentState(n, stateNames(), List.of(h, c));
            }
            default -> {
                latentVf = l.criticLinear().apply(vfFeatures, n);
                next = new RecurrentState(n, stateNames(), List.of(h, c));
            }
        }
        float[] logits = l.actionNet().apply(Dense.hidden(l.piMlp(), l.mlpActivation(), h, n), n);
        float[] values = l.valueNet().apply(Dense.hidden(l.vfMlp(), l.mlpActivation(), latentVf, n), n);
        return new PolicyOutput(n, actionCount(), logits, values, next);
    }

    @Override
    public void close() {
        l.piTrunk().close();
        if (l.vfTrunk() != null) {
            l.vfTrunk().close();
        }
    }
}
