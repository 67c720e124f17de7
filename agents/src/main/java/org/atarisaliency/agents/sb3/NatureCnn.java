package org.atarisaliency.agents.sb3;

import java.util.HashMap;
import java.util.Map;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The "Nature DQN" trunk (Mnih et al. 2015) as Stable-Baselines3's {@code NatureCNN} and CleanRL's
 * Atari scripts build it: conv 32@8x8 stride 4, ReLU, conv 64@4x4 stride 2, ReLU, conv 64@3x3
 * stride 1, ReLU, flatten (C, H, W order), linear to F features (512), ReLU. Input [N, K, S, S]
 * (K stacked frames, S = 84 gives the 64x7x7 = 3136 flat size). Strides are not stored in a state
 * dict; they are NatureCNN's (4, 2, 1 for kernels 8, 4, 3) and any other kernel sizes are refused.
 *
 * <p>Runs as a fixed sequence of ND4J native ops (oneDNN convolutions, a GEMM) into buffers kept
 * per batch size, like {@link org.atarisaliency.agents.nets.ActorCriticPolicy}. Not thread-safe.
 */
final class NatureCnn implements AutoCloseable {
    static final int[] KERNELS = {8, 4, 3};
    static final int[] STRIDES = {4, 2, 1};

    final int frames;
    final int side;
    final int features;
    final int flat;
    private final int[] channels = new int[4];
    private final int[] outSize = new int[3];
    private final INDArray[] convW = new INDArray[3];
    private final INDArray[] convB = new INDArray[3];
    private final Conv2DConfig[] conf = new Conv2DConfig[3];
    private final INDArray linW; // [flat, F] (transposed once)
    private final float[] linB;
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    private final class Buffers {
        final INDArray input;
        final INDArray[] act = new INDArray[3];
        final Conv2D[] convOps = new Conv2D[3];
        final RectifiedLinear[] reluOps = new RectifiedLinear[3];
        final INDArray out;

        Buffers(int n) {
            input = Nd4j.create(DataType.FLOAT, n, frames, side, side);
            INDArray x = input;
            for (int l = 0; l < 3; l++) {
                act[l] = Nd4j.create(DataType.FLOAT, n, channels[l + 1], outSize[l], outSize[l]);
                convOps[l] = new Conv2D(new INDArray[] {x, convW[l], convB[l]}, new INDArray[] {act[l]}, conf[l]);
                reluOps[l] = new RectifiedLinear(act[l], act[l], 0.0);
                x = act[l];
            }
            out = Nd4j.create(DataType.FLOAT, n, features);
        }

        void close() {
            input.close();
            for (INDArray a : act) {
                a.close();
            }
            out.close();
        }
    }

    /**
     * Reads the trunk from {@code dict}: conv weights and biases named {@code prefix + convs[l] + ".weight"}
     * / {@code ".bias"} and the linear layer {@code prefix + linear}.
     *
     * @param side  the frame side S, or -1 to infer it (the smallest S whose flat size fits the linear layer)
     */
    static NatureCnn read(StateDict dict, String prefix, String[] convs, String linear, int side, String file)
            throws CheckpointException {
        float[][] w = new float[3][];
        float[][] b = new float[3][];
        int[] ch = new int[4];
        for (int l = 0; l < 3; l++) {
            TensorData t = dict.get(prefix + convs[l] + ".weight");
            if (t.rank() != 4 || t.dim(2) != KERNELS[l] || t.dim(3) != KERNELS[l]) {
                throw new IncompatibleAgentException(file + ": " + prefix + convs[l] + ".weight has shape "
                        + java.util.Arrays.toString(t.shape()) + "; expected NatureCNN's " + KERNELS[l] + "x" + KERNELS[l]
                        + " kernels (conv 8x8/4, 4x4/2, 3x3/1); custom feature extractors are not supported");
            }
            if (l > 0 && t.dim(1) != ch[l]) {
                throw new IncompatibleAgentException(file + ": conv layer " + l + " takes " + t.dim(1)
                        + " channels but the layer before gives " + ch[l]);
            }
            ch[l] = t.dim(1);
            ch[l + 1] = t.dim(0);
            w[l] = t.values();
            TensorData tb = dict.get(prefix + convs[l] + ".bias");
            if (tb.numel() != ch[l + 1]) {
                throw new IncompatibleAgentException(file + ": " + prefix + convs[l] + ".bias has " + tb.numel()
                        + " values, expected " + ch[l + 1]);
            }
            b[l] = tb.values();
        }
        TensorData lw = dict.get(prefix + linear + ".weight");
        TensorData lb = dict.get(prefix + linear + ".bias");
        if (lw.rank() != 2 || lb.numel() != lw.dim(0)) {
            throw new IncompatibleAgentException(file + ": " + prefix + linear + " is not a linear layer");
        }
        int flat = lw.dim(1);
        int s = side;
        if (s < 0) {
            for (int c = 8; c <= 1024 && s < 0; c++) {
                if (ch[3] * square(outSize(c, 2)) == flat) {
                    s = c;
                }
            }
            if (s < 0) {
                throw new IncompatibleAgentException(file + ": no frame size gives the " + flat
                        + " inputs of " + prefix + linear + " after NatureCNN's convolutions");
            }
        } else if (ch[3] * square(outSize(s, 2)) != flat) {
            throw new IncompatibleAgentException(file + ": " + s + "x" + s + " frames give " + ch[3] * square(outSize(s, 2))
                    + " features after the convolutions but " + prefix + linear + " takes " + flat);
        }
        return new NatureCnn(ch, w, b, lw.values(), lb.values(), lw.dim(0), s);
    }

    private static int square(int x) {
        return x * x;
    }

    /** Output side of conv layer {@code l} for input side {@code s} (no padding). */
    static int outSize(int s, int l) {
        for (int i = 0; i <= l; i++) {
            s = (s - KERNELS[i]) / STRIDES[i] + 1;
            if (s <= 0) {
                return 0;
            }
        }
        return s;
    }

    private NatureCnn(int[] ch, float[][] w, float[][] b, float[] lw, float[] lb, int features, int side) {
        System.arraycopy(ch, 0, channels, 0, 4);
        this.frames = ch[0];
        this.side = side;
        this.features = features;
        for (int l = 0; l < 3; l++) {
            outSize[l] = outSize(side, l);
            int k = KERNELS[l];
            convW[l] = Nd4j.create(w[l], new long[] {ch[l + 1], ch[l], k, k}, DataType.FLOAT);
            convB[l] = Nd4j.create(b[l], new long[] {ch[l + 1]}, DataType.FLOAT);
            conf[l] = Conv2DConfig.builder().kH(k).kW(k).sH(STRIDES[l]).sW(STRIDES[l]).pH(0).pW(0).dH(1).dW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat("NCHW").weightsFormat(WeightsFormat.OIYX).build();
        }
        this.flat = ch[3] * outSize[2] * outSize[2];
        linW = Nd4j.create(lw, new long[] {features, flat}, DataType.FLOAT).transpose().dup('c');
        linB = lb.clone();
    }

    /**
     * The features [N*F] of N inputs [N*K*S*S] (already scaled as the network expects).
     */
    float[] forward(float[] input, int n) {
        Buffers bf = buffers.computeIfAbsent(n, Buffers::new);
        new FloatPointer(bf.input.data().addressPointer()).put(input, 0, input.length);
        for (int l = 0; l < 3; l++) {
            Nd4j.exec(bf.convOps[l]);
            Nd4j.exec(bf.reluOps[l]);
        }
        INDArray x = bf.act[2].reshape(n, flat);
        Nd4j.gemm(x, linW, bf.out, false, false, 1.0, 0.0);
        float[] out = new float[n * features];
        new FloatPointer(bf.out.data().addressPointer()).get(out, 0, out.length);
        float[] bias = linB;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < features; j++) {
                float v = out[i * features + j] + bias[j];
                out[i * features + j] = v > 0f ? v : 0f;
            }
        }
        return out;
    }

    @Override
    public void close() {
        buffers.values().forEach(Buffers::close);
        buffers.clear();
    }
}
