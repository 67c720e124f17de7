package org.atarisaliency.agents.nets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;

/**
 * Weights of the A3C actor-critic: 4 x (Conv2d 3x3, stride 2, padding 1, ELU) on a C x 80 x 80
 * input, a GRU or LSTM cell, a critic Linear(H, 1) and an actor Linear(H, A). All arrays are
 * row-major in PyTorch's layout ([out, in, kh, kw] for convs, [out, in] for linears).
 */
public record ActorCriticWeights(RecurrentCell cell, int inputChannels, int inputSize, int hidden, int actions,
                                 int[] convChannels, float[][] convWeight, float[][] convBias,
                                 float[] weightIh, float[] biasIh, float[] weightHh, float[] biasHh,
                                 float[] criticWeight, float criticBias, float[] actorWeight, float[] actorBias) {

    /** Number of conv layers. */
    public static final int CONV_LAYERS = 4;
    /** Observation side the networks were built for. */
    public static final int INPUT_SIZE = 80;

    /** Output side of conv layer {@code l} (0-based): 40, 20, 10, 5 for an 80 x 80 input. */
    public int convOutSize(int l) {
        int s = inputSize;
        for (int i = 0; i <= l; i++) {
            s = (s + 2 - 3) / 2 + 1;
        }
        return s;
    }

    /** Length of the flattened conv output fed to the cell (800 for the A3C agents). */
    public int flatSize() {
        int s = convOutSize(CONV_LAYERS - 1);
        return convChannels[CONV_LAYERS] * s * s;
    }

    /**
     * Reads a PyTorch checkpoint (legacy or zip), checks every value finite and recognises the network
     * from its tensors; a path that is not a regular file (a fifo would block) is refused by
     * {@link TorchCheckpoint#read}.
     */
    public static ActorCriticWeights read(Path file) throws CheckpointException {
        StateDict dict = TorchCheckpoint.read(file);
        FiniteValues.requireFinite(dict);
        return fromStateDict(dict, file.getFileName().toString());
    }

    /**
     * Recognises the architecture from the state-dict names and shapes ({@code gru.*} or
     * {@code lstm.*}; an optional {@code module.} prefix from DataParallel is dropped) and checks
     * every shape.
     *
     * @param source  the file name, quoted in errors
     */
    public static ActorCriticWeights fromStateDict(StateDict dict, String source) throws CheckpointException {
        Map<String, TensorData> t = new LinkedHashMap<>();
        dict.asMap().forEach((k, v) -> t.put(k.startsWith("module.") ? k.substring(7) : k, v));
        RecurrentCell cell;
        if (t.containsKey("gru.weight_ih")) {
            cell = RecurrentCell.GRU;
        } else if (t.containsKey("lstm.weight_ih")) {
            cell = RecurrentCell.LSTM;
        } else {
            throw new IncompatibleAgentException(source + ": unsupported network (no gru.weight_ih or lstm.weight_ih among "
                    + abbreviate(t.keySet().toString()) + "); supported: baby-a3c (conv x4 + GRUCell) and visualize_atari (conv x4 + LSTMCell)");
        }
        ShapeCheck c = new ShapeCheck(t, source);
        int[] ch = new int[CONV_LAYERS + 1];
        float[][] w = new float[CONV_LAYERS][], b = new float[CONV_LAYERS][];
        TensorData w1 = c.get("conv1.weight");
        ch[0] = w1.rank() == 4 ? w1.dim(1) : -1;
        for (int l = 0; l < CONV_LAYERS; l++) {
            String n = "conv" + (l + 1);
            TensorData wt = c.get(n + ".weight");
            int out = wt.rank() == 4 ? wt.dim(0) : -1;
            w[l] = c.require(n + ".weight", out, ch[l], 3, 3);
            b[l] = c.require(n + ".bias", out);
            ch[l + 1] = out;
        }
        String p = cell.prefix();
        TensorData whh = c.get(p + ".weight_hh");
        int hidden = whh.rank() == 2 ? whh.dim(1) : -1;
        int g = cell.gates() * hidden;
        int s = INPUT_SIZE;
        for (int l = 0; l < CONV_LAYERS; l++) {
            s = (s - 1) / 2 + 1;
        }
        int flat = ch[CONV_LAYERS] * s * s;
        float[] wih = c.require(p + ".weight_ih", g, flat);
        float[] bih = c.require(p + ".bias_ih", g);
        float[] whhv = c.require(p + ".weight_hh", g, hidden);
        float[] bhh = c.require(p + ".bias_hh", g);
        float[] cw = c.require("critic_linear.weight", 1, hidden);
        float[] cb = c.require("critic_linear.bias", 1);
        TensorData aw = c.get("actor_linear.weight");
        int actions = aw.rank() == 2 ? aw.dim(0) : -1;
        float[] awv = c.require("actor_linear.weight", actions, hidden);
        float[] ab = c.require("actor_linear.bias", actions);
        return new ActorCriticWeights(cell, ch[0], INPUT_SIZE, hidden, actions, ch, w, b, wih, bih, whhv, bhh, cw, cb[0], awv, ab);
    }

    /**
     * The inverse of {@link #fromStateDict}: the tensors under the names and in the order of
     * baby-a3c's (GRU) or visualize_atari's (LSTM) state dict, with copies of the arrays, ready for
     * {@link org.atarisaliency.agents.checkpoint.TorchCheckpointWriter}.
     */
    public LinkedHashMap<String, TensorData> toStateDict() {
        LinkedHashMap<String, TensorData> t = new LinkedHashMap<>();
        for (int l = 0; l < CONV_LAYERS; l++) {
            String n = "conv" + (l + 1);
            t.put(n + ".weight", tensor(convWeight[l], convChannels[l + 1], convChannels[l], 3, 3));
            t.put(n + ".bias", tensor(convBias[l], convChannels[l + 1]));
        }
        String p = cell.prefix();
        int g = cell.gates() * hidden;
        t.put(p + ".weight_ih", tensor(weightIh, g, flatSize()));
        t.put(p + ".weight_hh", tensor(weightHh, g, hidden));
        t.put(p + ".bias_ih", tensor(biasIh, g));
        t.put(p + ".bias_hh", tensor(biasHh, g));
        t.put("critic_linear.weight", tensor(criticWeight, 1, hidden));
        t.put("critic_linear.bias", tensor(new float[] {criticBias}, 1));
        t.put("actor_linear.weight", tensor(actorWeight, actions, hidden));
        t.put("actor_linear.bias", tensor(actorBias, actions));
        return t;
    }

    private static TensorData tensor(float[] values, long... shape) {
        return TensorData.float32(values.clone(), shape);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...]" : s;
    }

    /** Looks tensors up and checks their shapes, with messages that name the file and the tensor. */
    private record ShapeCheck(Map<String, TensorData> tensors, String source) {
        TensorData get(String name) {
            TensorData d = tensors.get(name);
            if (d == null) {
                throw new IncompatibleAgentException(source + ": missing tensor '" + name + "'; the checkpoint has "
                        + abbreviate(tensors.keySet().toString()));
            }
            return d;
        }

        float[] require(String name, long... shape) {
            TensorData d = get(name);
            if (!Arrays.equals(d.shape(), shape) || Arrays.stream(shape).anyMatch(x -> x <= 0)) {
                throw new IncompatibleAgentException(source + ": tensor '" + name + "' has shape " + Arrays.toString(d.shape())
                        + ", expected " + Arrays.toString(shape) + " for a conv x4 + recurrent actor-critic on 80x80 frames");
            }
            return d.values();
        }
    }
}
