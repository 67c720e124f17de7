package org.atarisaliency.agents.sb3;

import java.util.List;
import java.util.Locale;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;

/**
 * CleanRL's Atari agents, saved as {@code torch.save(model.state_dict(), "<run>.cleanrl_model")}
 * (C51 saves {@code {"model_weights": state_dict, "args": ...}}; the reader finds the state dict
 * under that key), recognised by their tensor names:
 * <ul>
 * <li>{@code dqn_atari} (and {@code qdagger_dqn_atari}'s student): {@code network.0/2/4} (convs),
 *     {@code network.7} (3136 → 512), {@code network.9} (512 → A Q-values);</li>
 * <li>{@code c51_atari}: the same plus the buffer {@code atoms} (the support, n_atoms values);
 *     {@code network.9} gives A × n_atoms logits, viewed as [A, n_atoms];</li>
 * <li>{@code ppo_atari} (and {@code ppo_atari_envpool}): trunk {@code network.0/2/4/7},
 *     {@code actor} (512 → A), {@code critic} (512 → 1);</li>
 * <li>{@code ppo_atari_lstm}: trunk {@code network.0/2/4/7} over one frame, {@code lstm} (512 → 128),
 *     {@code actor} and {@code critic} on the LSTM output: a {@link RecurrentPpoPolicy} whose memory is
 *     the LSTM's (h, c).</li>
 * </ul>
 * All take {@code x / 255.0} of a K x 84 x 84 stack (K = 4, or 1 for {@code ppo_atari_lstm}; gym's
 * {@code FrameStack}: start episodes with {@link NatureCnnPolicy#stateRepeating}), preprocessed as CleanRL's
 * gym wrappers do (resize the RGB screen, then grey: {@link Sb3Preprocessor}). Refused: JAX/Flax variants
 * (not torch files).
 *
 * <p>An explicit {@link Arch} (the {@code arch} hint of
 * {@link org.atarisaliency.agents.Agents#loadPolicy(java.nio.file.Path, int, String)}) only
 * confirms the recognised one: a file that does not have the hinted architecture's tensors is refused.
 */
public final class CleanRlModel {

    /** The CleanRL scripts whose agents are supported. */
    public enum Arch {
        DQN("cleanrl-dqn"), C51("cleanrl-c51"), PPO("cleanrl-ppo"), PPO_LSTM("cleanrl-ppo-lstm");

        /** The hint text, e.g. "cleanrl-dqn". */
        public final String hint;

        Arch(String hint) {
            this.hint = hint;
        }

        /** The arch named by a hint ("cleanrl-dqn", "cleanrl-c51", "cleanrl-ppo", "cleanrl-ppo-lstm"), or null if none matches. */
        public static Arch fromHint(String h) {
            for (Arch a : values()) {
                if (a.hint.equals(h.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            return null;
        }
    }

    private static final String[] CONVS = {"network.0", "network.2", "network.4"};

    private CleanRlModel() {
    }

    /** Whether the tensors look like one of CleanRL's Atari networks (a {@code network.*} Nature-CNN trunk). */
    public static boolean looksLike(StateDict dict) {
        return dict.contains("network.0.weight") && dict.contains("network.7.weight");
    }

    /** The architecture of {@code dict}, or null when it is not one of CleanRL's supported Atari agents. */
    public static Arch recognise(StateDict dict) {
        if (!looksLike(dict)) {
            return null;
        }
        if (dict.contains("actor.weight") && dict.contains("critic.weight")) {
            return dict.contains("lstm.weight_ih_l0") ? Arch.PPO_LSTM : Arch.PPO;
        }
        if (dict.contains("network.9.weight")) {
            return dict.contains("atoms") ? Arch.C51 : Arch.DQN;
        }
        return null;
    }

    /**
     * Builds the policy.
     *
     * @param arch  the expected architecture, or null to recognise it
     */
    public static Policy load(StateDict dict, String name, Arch arch) throws CheckpointException {
        Arch found = recognise(dict);
        if (found == null) {
            throw new IncompatibleAgentException(name + ": not a CleanRL Atari agent (expected network.0/2/4/7 and network.9, or actor/critic"
                    + " heads); supported: " + List.of("dqn_atari", "c51_atari", "ppo_atari", "ppo_atari_lstm"));
        }
        if (arch != null && arch != found) {
            throw new IncompatibleAgentException(name + ": the arch hint says " + arch.hint + " but the tensors are "
                    + found.hint + "'s");
        }
        NatureCnn trunk = NatureCnn.read(dict, "", CONVS, "network.7", -1, name);
        Sb3Preprocessor pre = new Sb3Preprocessor(trunk.side, true);
        String stack = "NatureCNN " + trunk.frames + "x" + trunk.side + "x" + trunk.side + " frame stack, " + trunk.features
                + " features";
        NatureCnnPolicy p;
        switch (found) {
            case PPO_LSTM -> {
                return lstm(dict, name, trunk, pre, stack);
            }
            case PPO -> {
                Dense actor = Dense.read(dict, "actor", name);
                Dense critic = Dense.read(dict, "critic", name);
                if (critic.out() != 1 || actor.in() != trunk.features || critic.in() != trunk.features) {
                    throw new IncompatibleAgentException(name + ": actor/critic heads do not fit the " + trunk.features + " features");
                }
                p = new NatureCnnPolicy("", NatureCnnPolicy.Head.ACTOR_CRITIC, trunk, null, List.of(), List.of(),
                        Activation.RELU, actor, critic, 1, null, 1f, pre);
                return p.withDescription("CleanRL ppo_atari (" + stack + "; " + p.actionCount() + " actions)");
            }
            case DQN -> {
                Dense q = Dense.read(dict, "network.9", name);
                p = new NatureCnnPolicy("", NatureCnnPolicy.Head.Q, trunk, null, List.of(), List.of(), Activation.RELU, q,
                        null, 1, null, 1f, pre);
                return p.withDescription("CleanRL dqn_atari (" + stack + "; " + p.actionCount() + " actions)");
            }
            default -> {
                TensorData atoms = dict.get("atoms");
                Dense q = Dense.read(dict, "network.9", name);
                int na = (int) atoms.numel();
                if (atoms.rank() != 1 || na < 2 || q.out() % na != 0) {
                    throw new IncompatibleAgentException(name + ": atoms " + java.util.Arrays.toString(atoms.shape())
                            + " do not divide the " + q.out() + " outputs of network.9");
                }
                p = new NatureCnnPolicy("", NatureCnnPolicy.Head.CATEGORICAL, trunk, null, List.of(), List.of(),
                        Activation.RELU, q, null, na, atoms.values(), 1f, pre);
                return p.withDescription("CleanRL c51_atari (" + stack + ", " + na + " atoms on [" + atoms.values()[0] + ", "
                        + atoms.values()[na - 1] + "]; " + p.actionCount() + " actions)");
            }
        }
    }

    /** {@code ppo_atari_lstm}: the critic reads the actor's LSTM output, as its {@code get_value} does. */
    private static RecurrentPpoPolicy lstm(StateDict dict, String name, NatureCnn trunk, Sb3Preprocessor pre, String stack)
            throws CheckpointException {
        Lstm lstm = Lstm.read(dict, "lstm.", name);
        Dense actor = Dense.read(dict, "actor", name);
        Dense critic = Dense.read(dict, "critic", name);
        if (trunk.frames != 1 || lstm.inputs() != trunk.features || actor.in() != lstm.hidden || critic.in() != lstm.hidden
                || critic.out() != 1) {
            throw new IncompatibleAgentException(name + ": the LSTM / actor / critic do not fit ppo_atari_lstm's shape (one frame, "
                    + trunk.features + " features, " + lstm.hidden + " LSTM units)");
        }
        var layers = new RecurrentPpoPolicy.Layers(trunk, null, lstm, RecurrentPpoPolicy.Critic.ACTOR_LSTM, null, null, List.of(), List.of(),
                Activation.RELU, actor, critic);
        return new RecurrentPpoPolicy("CleanRL ppo_atari_lstm (" + stack + ", LSTM " + lstm.hidden + "; " + actor.out() + " actions)", layers,
                1f, pre, RecurrentPpoPolicy.MemoryReset.CLEANRL);
    }
}
