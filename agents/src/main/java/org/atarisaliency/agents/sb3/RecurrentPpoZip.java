package org.atarisaliency.agents.sb3;

import java.util.List;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.StateDict;

/**
 * The layers of an sb3-contrib {@code RecurrentPPO} {@code CnnLstmPolicy} state dict (for {@link Sb3Zip}):
 * NatureCNN trunk(s) ({@code features_extractor} or {@code pi_/vf_features_extractor}), {@code lstm_actor},
 * the critic's {@code lstm_critic} or linear {@code critic} or neither (the shared LSTM), optional
 * {@code mlp_extractor} hidden layers, {@code action_net} and {@code value_net}. The critic's kind is read
 * from which tensors exist, so no {@code policy_kwargs} pickle is needed.
 */
final class RecurrentPpoZip {
    /** The algorithm's name in descriptions and messages. */
    static final String ALGO = "RecurrentPPO";

    private RecurrentPpoZip() {
    }

    static RecurrentPpoPolicy build(String name, String version, StateDict dict, int side, int actions, Activation act, String actName,
            boolean normalize) throws CheckpointException {
        if (!dict.contains("lstm_actor.weight_ih_l0") || !dict.contains("action_net.weight") || !dict.contains("value_net.weight")) {
            throw new IncompatibleAgentException(name + ": SB3 " + ALGO + " policy without lstm_actor, action_net or value_net");
        }
        String piPrefix = dict.contains("pi_features_extractor.cnn.0.weight") ? "pi_features_extractor." : "features_extractor.";
        NatureCnn pi = Sb3Zip.trunk(dict, piPrefix, side, name, ALGO);
        NatureCnn vf = null;
        if (dict.contains("vf_features_extractor.cnn.0.weight") && !Sb3Zip.sameTensors(dict, piPrefix, "vf_features_extractor.")) {
            vf = Sb3Zip.trunk(dict, "vf_features_extractor.", pi.side, name, ALGO);
        }
        Lstm actor = Lstm.read(dict, "lstm_actor.", name);
        Lstm criticLstm = null;
        Dense criticLinear = null;
        RecurrentPpoPolicy.Critic critic;
        if (dict.contains("lstm_critic.weight_ih_l0")) {
            critic = RecurrentPpoPolicy.Critic.OWN_LSTM;
            criticLstm = Lstm.read(dict, "lstm_critic.", name);
        } else if (dict.contains("critic.weight")) {
            critic = RecurrentPpoPolicy.Critic.LINEAR;
            criticLinear = Dense.read(dict, "critic", name);
        } else {
            critic = RecurrentPpoPolicy.Critic.ACTOR_LSTM;
        }
        if (actor.inputs() != pi.features || (criticLstm != null && (criticLstm.inputs() != pi.features || criticLstm.hidden != actor.hidden))
                || (criticLinear != null && (criticLinear.in() != pi.features || criticLinear.out() != actor.hidden))) {
            throw new IncompatibleAgentException(name + ": the LSTM / critic layers do not fit the " + pi.features + " features and "
                    + actor.hidden + " LSTM units");
        }
        List<Dense> piMlp = Sb3Zip.layers(dict, "mlp_extractor.policy_net.", name);
        List<Dense> vfMlp = Sb3Zip.layers(dict, "mlp_extractor.value_net.", name);
        Sb3Zip.requireActivation(act, actName, !piMlp.isEmpty() || !vfMlp.isEmpty(), name);
        Dense out = Dense.read(dict, "action_net", name);
        Dense value = Dense.read(dict, "value_net", name);
        if (value.out() != 1) {
            throw new IncompatibleAgentException(name + ": value_net has " + value.out() + " outputs, expected 1");
        }
        Sb3Zip.checkActions(name, out.out(), 1, actions);
        String criticText = switch (critic) {
            case OWN_LSTM -> "critic LSTM";
            case ACTOR_LSTM -> "shared LSTM";
            case LINEAR -> "critic without LSTM";
        };
        String desc = "SB3 " + ALGO + " " + version + " CnnLstmPolicy (" + Sb3Zip.describeTrunk(pi) + (vf != null ? ", separate critic trunk" : "")
                + ", LSTM " + actor.hidden + ", " + criticText
                + (piMlp.isEmpty() && vfMlp.isEmpty() ? "" : ", mlp " + piMlp.size() + "/" + vfMlp.size() + " hidden " + act.name().toLowerCase())
                + "; " + out.out() + " actions" + (normalize ? "" : "; normalize_images=False") + ")";
        var layers = new RecurrentPpoPolicy.Layers(pi, vf, actor, critic, criticLstm, criticLinear, piMlp, vfMlp,
                act == null ? Activation.TANH : act, out, value);
        return new RecurrentPpoPolicy(desc, layers, normalize ? 1f : 255f, new Sb3Preprocessor(pi.side),
                RecurrentPpoPolicy.MemoryReset.ZOO_DEFAULT);
    }
}
