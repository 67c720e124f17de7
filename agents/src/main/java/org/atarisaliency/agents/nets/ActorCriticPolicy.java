package org.atarisaliency.agents.nets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.strict.ELU;
import org.nd4j.enums.WeightsFormat;

/**
 * The A3C actor-critic as a {@link Policy}, run as a short fixed sequence of ND4J native ops
 * (oneDNN convolutions and a GEMM) into buffers kept per batch size, with the cell and heads on
 * heap arrays. This avoids SameDiff's per-call graph overhead (~10 ms per call here), which would
 * dominate a rollout; {@link SameDiffActorCritic} builds the same network as a graph for autodiff.
 */
public final class ActorCriticPolicy implements ActorCriticShape {

    private final ActorCriticWeights w;
    private final INDArray[] convW;
    private final INDArray[] convB;
    private final INDArray weightIh;
    private final INDArray weightHh;
    private final Conv2DConfig conv;
    private final Map<Integer, Buffers> buffers = new HashMap<>();
    private final String description;

    /** Native buffers for one batch size. */
    private final class Buffers {
        final INDArray input;
        final INDArray[] act = new INDArray[ActorCriticWeights.CONV_LAYERS];
        /** The conv and ELU ops, built once and re-executed: rebuilding them costs more than a small batch's arithmetic. */
        final Conv2D[] convOps = new Conv2D[ActorCriticWeights.CONV_LAYERS];
        final ELU[] eluOps = new ELU[ActorCriticWeights.CONV_LAYERS];
        final INDArray gi;
        final INDArray h;
        final INDArray gh;

        Buffers(int n) {
            int s = w.inputSize();
            input = Nd4j.create(DataType.FLOAT, n, w.inputChannels(), s, s);
            INDArray x = input;
            for (int l = 0; l < act.length; l++) {
                int o = w.convOutSize(l);
                act[l] = Nd4j.create(DataType.FLOAT, n, w.convChannels()[l + 1], o, o);
                convOps[l] = new Conv2D(new INDArray[] {x, convW[l], convB[l]}, new INDArray[] {act[l]}, conv);
                eluOps[l] = new ELU(act[l], act[l]);
                x = act[l];
            }
            int g = w.cell().gates() * w.hidden();
            gi = Nd4j.create(DataType.FLOAT, n, g);
            h = Nd4j.create(DataType.FLOAT, n, w.hidden());
            gh = Nd4j.create(DataType.FLOAT, n, g);
        }

        void close() {
            input.close();
            for (INDArray a : act) {
                a.close();
            }
            gi.close();
            h.close();
            gh.close();
        }
    }

    /**
     * Loads an A3C agent ({@link ActorCriticWeights#read}) and checks its action count against the game's.
     *
     * @param expectedActions  the game's minimal action count, or -1 to skip the check
     */
    public static ActorCriticPolicy load(Path file, int expectedActions) throws CheckpointException {
        ActorCriticWeights w = ActorCriticWeights.read(file);
        if (expectedActions >= 0 && w.actions() != expectedActions) {
            throw IncompatibleAgentException.actionCount(file.getFileName().toString(), w.actions(), expectedActions);
        }
        return of(w);
    }

    /** The policy of A3C weights, described by its network ("baby-a3c (conv x4 + GRU 256, 6 actions)"). */
    public static ActorCriticPolicy of(ActorCriticWeights w) {
        String kind = w.cell() == RecurrentCell.GRU ? "baby-a3c (conv x4 + GRU " : "visualize_atari (conv x4 + LSTM ";
        return new ActorCriticPolicy(w, kind + w.hidden() + ", " + w.actions() + " actions)");
    }

    public ActorCriticPolicy(ActorCriticWeights weights, String description) {
        this.w = weights;
        this.description = description;
        convW = new INDArray[ActorCriticWeights.CONV_LAYERS];
        convB = new INDArray[ActorCriticWeights.CONV_LAYERS];
        for (int l = 0; l < convW.length; l++) {
            convW[l] = Nd4j.create(w.convWeight()[l], new long[] {w.convChannels()[l + 1], w.convChannels()[l], 3, 3}, DataType.FLOAT);
            convB[l] = Nd4j.create(w.convBias()[l], new long[] {w.convChannels()[l + 1]}, DataType.FLOAT);
        }
        int g = w.cell().gates() * w.hidden();
        // stored transposed ([in, out], C order) so that the GEMMs need no transposed copy per call
        weightIh = Nd4j.create(w.weightIh(), new long[] {g, w.flatSize()}, DataType.FLOAT).transpose().dup('c');
        weightHh = Nd4j.create(w.weightHh(), new long[] {g, w.hidden()}, DataType.FLOAT).transpose().dup('c');
        conv = Conv2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
    }

    /** The weights this policy runs. */
    public ActorCriticWeights weights() {
        return w;
    }






    @Override
    public String describe() {
        return description;
    }

    /**
     * Runs the four conv layers and returns the flattened features [N, flatSize] (a view of an
     * internal buffer, valid until the next call with the same batch size).
     */
    public INDArray features(float[] observations, int n) {
        int per = w.inputChannels() * w.inputSize() * w.inputSize();
        if (observations.length != n * per) {
            throw new IllegalArgumentException("expected " + n + " observations of " + per + " floats, got " + observations.length + " floats");
        }
        Buffers b = buffers.computeIfAbsent(n, Buffers::new);
        copyIn(observations, b.input);
        for (int l = 0; l < ActorCriticWeights.CONV_LAYERS; l++) {
            Nd4j.exec(b.convOps[l]);
            Nd4j.exec(b.eluOps[l]);
        }
        return b.act[ActorCriticWeights.CONV_LAYERS - 1].reshape(n, w.flatSize());
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch();
        int hid = w.hidden();
        INDArray flat = features(observations, n);
        Buffers b = buffers.get(n);
        Nd4j.gemm(flat, weightIh, b.gi, false, false, 1.0, 0.0);
        float[] gi = copyOut(b.gi, n * w.cell().gates() * hid);
        float[] h = state.part("h");
        copyIn(h, b.h);
        Nd4j.gemm(b.h, weightHh, b.gh, false, false, 1.0, 0.0);
        float[] gh = copyOut(b.gh, n * w.cell().gates() * hid);
        int g = w.cell().gates() * hid;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                gi[i * g + j] += w.biasIh()[j];
                gh[i * g + j] += w.biasHh()[j];
            }
        }
        return cellAndHeads(gi, gh, state, n);
    }

    /**
     * One observation from N different recurrent states (e.g. perturbed memories): the conv
     * features and the input projection are computed once, only the hidden projection and the
     * cell run per state.
     *
     * @param observation  one observation (C*S*S floats)
     * @param states       N states
     */
    public PolicyOutput forwardStates(float[] observation, RecurrentState states) {
        int n = states.batch();
        int hid = w.hidden();
        int g = w.cell().gates() * hid;
        INDArray flat = features(observation, 1);
        Buffers b1 = buffers.get(1);
        Nd4j.gemm(flat, weightIh, b1.gi, false, false, 1.0, 0.0);
        float[] gi1 = copyOut(b1.gi, g);
        for (int j = 0; j < g; j++) {
            gi1[j] += w.biasIh()[j];
        }
        float[] gi = new float[n * g];
        for (int i = 0; i < n; i++) {
            System.arraycopy(gi1, 0, gi, i * g, g);
        }
        float[] h = states.part("h");
        float[] gh;
        try (INDArray hs = Nd4j.create(h, new long[] {n, hid}, DataType.FLOAT); INDArray out = Nd4j.create(DataType.FLOAT, n, g)) {
            Nd4j.gemm(hs, weightHh, out, false, false, 1.0, 0.0);
            gh = copyOut(out, n * g);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                gh[i * g + j] += w.biasHh()[j];
            }
        }
        return cellAndHeads(gi, gh, states, n);
    }

    /** The recurrent cell and both heads from the (biased) input and hidden projections [N, G*H]. */
    private PolicyOutput cellAndHeads(float[] gi, float[] gh, RecurrentState state, int n) {
        int hid = w.hidden();
        float[] hNext = new float[n * hid];
        List<float[]> parts = new ArrayList<>();
        parts.add(hNext);
        if (w.cell() == RecurrentCell.GRU) {
            CellMath.gru(gi, gh, state.part("h"), hNext, n, hid);
        } else {
            float[] cNext = new float[n * hid];
            CellMath.lstm(gi, gh, state.part("c"), hNext, cNext, n, hid);
            parts.add(cNext);
        }
        float[] values = new float[n];
        float[] logits = new float[n * w.actions()];
        CellMath.heads(w, hNext, n, values, logits);
        return new PolicyOutput(n, w.actions(), logits, values, new RecurrentState(n, w.cell().stateNames(), parts));
    }

    /** Bulk copy into a contiguous native float buffer (DataBuffer.setData copies element by element). */
    private static void copyIn(float[] src, INDArray dst) {
        new FloatPointer(dst.data().addressPointer()).put(src, 0, src.length);
    }

    /** Bulk copy out of a contiguous native float buffer. */
    private static float[] copyOut(INDArray src, int length) {
        float[] out = new float[length];
        new FloatPointer(src.data().addressPointer()).get(out, 0, length);
        return out;
    }

    @Override
    public void close() {
        buffers.values().forEach(Buffers::close);
        buffers.clear();
    }
}
