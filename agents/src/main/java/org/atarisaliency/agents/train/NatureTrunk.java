package org.atarisaliency.agents.train;

import java.util.Arrays;

/**
 * The Nature-DQN trunk as CleanRL's {@code ppo_atari} builds it ({@code network.0/2/4}: conv
 * 32@8x8 stride 4, 64@4x4 stride 2, 64@3x3 stride 1, each with ReLU, no padding; flatten in
 * (channel, row, column) order; {@code network.7}: linear to 512, ReLU) over a batch of C x 84 x 84
 * inputs, forward and backward, as im2col + {@link Kernels#gemm} like {@link ConvStack}.
 *
 * <p>Activations are planes {@code act[layer][channel][sample * side * side]}. The conv layers run
 * in {@link #SHARDS} fixed ranges of samples with their own scratch and weight-gradient partial
 * sums, added in shard order; the linear layer's weight gradient is split by output rows, each a
 * sum over all samples in order. So results do not depend on the number of threads.
 */
final class NatureTrunk {
    static final int SHARDS = ConvStack.SHARDS;
    static final int[] KERNELS = {8, 4, 3};
    static final int[] STRIDES = {4, 2, 1};
    static final int[] CHANNELS = {32, 64, 64};
    /** The input side (SB3's AtariWrapper) and the features out. */
    static final int SIDE = 84, FEATURES = 512;
    private static final int LAYERS = 3;
    /** Inputs of the linear layer: 64 x 7 x 7. */
    static final int FLAT = CHANNELS[LAYERS - 1] * outSide() * outSide();
    private static final int TILE = 512;

    private final int[] ch = new int[LAYERS + 1];
    private final int[] side = new int[LAYERS + 1];
    private final int[] taps = new int[LAYERS];
    private final int[] tileRows = new int[LAYERS];
    private final int flat;
    private final float[][][] w = new float[LAYERS][][];
    private final float[][][] wT = new float[LAYERS][][];
    private final float[][] bias = new float[LAYERS][];
    private float[][] linW;
    private float[][] linWT;
    private float[] linB;
    private final Shard[] shards = new Shard[SHARDS];
    private final float[][][] act = new float[LAYERS + 1][][];
    private final float[][][] grad = new float[LAYERS + 1][][];
    /** Per sample: flattened conv output, features (after ReLU) and their gradients. */
    private float[][] flatIn;
    private float[][] dFlat;
    float[][] features;
    float[][] dFeatures;
    private int capacity;

    /** Per-shard scratch and conv weight-gradient partial sums. */
    private final class Shard {
        final float[][] col;
        final float[][] colT;
        final float[][] tile;
        final float[][][] dW = new float[LAYERS][][];
        final double[][] db = new double[LAYERS][];

        Shard() {
            int rows = 0, cols = 0;
            for (int l = 0; l < LAYERS; l++) {
                rows = Math.max(rows, taps[l]);
                cols = Math.max(cols, tileRows[l] * side[l + 1]);
                dW[l] = new float[ch[l + 1]][taps[l]];
                db[l] = new double[ch[l + 1]];
            }
            col = new float[rows][cols];
            colT = new float[cols][rows];
            tile = new float[Arrays.stream(ch).max().orElseThrow()][cols];
        }
    }

    private static int outSide() {
        int s = SIDE;
        for (int l = 0; l < LAYERS; l++) {
            s = (s - KERNELS[l]) / STRIDES[l] + 1;
        }
        return s;
    }

    /** A trunk over {@code inputChannels} x 84 x 84 inputs (4 stacked frames, or 1 for the LSTM agent). */
    NatureTrunk(int inputChannels) {
        ch[0] = inputChannels;
        side[0] = SIDE;
        for (int l = 0; l < LAYERS; l++) {
            ch[l + 1] = CHANNELS[l];
            side[l + 1] = (side[l] - KERNELS[l]) / STRIDES[l] + 1;
            taps[l] = ch[l] * KERNELS[l] * KERNELS[l];
            tileRows[l] = Math.max(1, TILE / side[l + 1]);
        }
        flat = FLAT;
        for (int s = 0; s < SHARDS; s++) {
            shards[s] = new Shard();
        }
    }

    /** Floats per input. */
    int inputLength() {
        return ch[0] * SIDE * SIDE;
    }

    /** Values in conv layer l's weight ([out, in, k, k]). */
    int convWeightLength(int l) {
        return ch[l + 1] * taps[l];
    }

    /** Takes new weights: conv l's weight and bias (PyTorch layouts), the linear layer's [512, flat] weight and bias. */
    void setWeights(float[][] convWeight, float[][] convBias, float[] linearWeight, float[] linearBias) {
        for (int l = 0; l < LAYERS; l++) {
            w[l] = Kernels.rows(convWeight[l], ch[l + 1], taps[l]);
            wT[l] = new float[taps[l]][ch[l + 1]];
            Kernels.transpose(w[l], 0, 0, wT[l], 0, 0, ch[l + 1], taps[l]);
            bias[l] = convBias[l].clone();
        }
        linW = Kernels.rows(linearWeight, FEATURES, flat);
        linWT = new float[flat][FEATURES];
        Kernels.transpose(linW, 0, 0, linWT, 0, 0, FEATURES, flat);
        linB = linearBias.clone();
    }

    private void ensure(int samples) {
        if (samples <= capacity) {
            return;
        }
        for (int l = 0; l <= LAYERS; l++) {
            int plane = samples * side[l] * side[l];
            act[l] = new float[ch[l]][plane];
            grad[l] = l == 0 ? null : new float[ch[l]][plane];
        }
        flatIn = new float[samples][flat];
        dFlat = new float[samples][flat];
        features = new float[samples][FEATURES];
        dFeatures = new float[samples][FEATURES];
        capacity = samples;
    }

    /** Copies inputs (already scaled: {@code x / 255}) of samples {@code index[0..samples)} of {@code observations} into the input planes. */
    void load(float[] observations, int[] index, int samples) {
        ensure(samples);
        int plane = SIDE * SIDE;
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < ch[0]; c++) {
                System.arraycopy(observations, (index[s] * ch[0] + c) * plane, act[0][c], s * plane, plane);
            }
        }
    }

    /** Forward of shard {@code shard} of {@code samples}: {@link #features} of its samples. */
    void forward(int shard, int samples) {
        int s0 = ConvStack.shardStart(shard, samples), s1 = ConvStack.shardStart(shard + 1, samples);
        Shard sh = shards[shard];
        for (int l = 0; l < LAYERS; l++) {
            int so = side[l + 1];
            for (int q0 = s0 * so; q0 < s1 * so; q0 += tileRows[l]) {
                int q1 = Math.min(s1 * so, q0 + tileRows[l]);
                int p0 = q0 * so, n = (q1 - q0) * so;
                im2col(l, q0, q1, sh.col);
                for (int o = 0; o < ch[l + 1]; o++) {
                    Arrays.fill(sh.tile[o], 0, n, bias[l][o]);
                }
                Kernels.gemm(w[l], 0, 0, sh.col, 0, sh.tile, 0, ch[l + 1], taps[l], n, true);
                for (int o = 0; o < ch[l + 1]; o++) {
                    float[] t = sh.tile[o], a = act[l + 1][o];
                    for (int j = 0; j < n; j++) {
                        a[p0 + j] = Math.max(t[j], 0f);
                    }
                }
            }
        }
        int plane = side[LAYERS] * side[LAYERS];
        for (int s = s0; s < s1; s++) {
            for (int c = 0; c < ch[LAYERS]; c++) {
                System.arraycopy(act[LAYERS][c], s * plane, flatIn[s], c * plane, plane);
            }
        }
        Kernels.gemm(flatIn, s0, 0, linWT, 0, features, s0, s1 - s0, flat, FEATURES, false);
        for (int s = s0; s < s1; s++) {
            float[] f = features[s];
            for (int j = 0; j < FEATURES; j++) {
                f[j] = Math.max(f[j] + linB[j], 0f);
            }
        }
    }

    /** The features' ReLU backward of shard {@code shard} of {@code samples}: zeroes {@link #dFeatures} where the feature is 0. */
    void featureReluBackward(int shard, int samples) {
        for (int s = ConvStack.shardStart(shard, samples); s < ConvStack.shardStart(shard + 1, samples); s++) {
            float[] d = dFeatures[s], f = features[s];
            for (int j = 0; j < FEATURES; j++) {
                d[j] = f[j] > 0f ? d[j] : 0f;
            }
        }
    }

    /**
     * Backward of shard {@code shard} of {@code samples} from {@link #dFeatures} (set by the
     * caller and passed through {@link #featureReluBackward}): the linear layer's input gradient
     * and the conv layers (weight and bias gradients into the shard's partial sums).
     */
    void backward(int shard, int samples) {
        int s0 = ConvStack.shardStart(shard, samples), s1 = ConvStack.shardStart(shard + 1, samples);
        Shard sh = shards[shard];
        Kernels.gemm(dFeatures, s0, 0, linW, 0, dFlat, s0, s1 - s0, FEATURES, flat, false);
        int plane = side[LAYERS] * side[LAYERS];
        for (int s = s0; s < s1; s++) {
            for (int c = 0; c < ch[LAYERS]; c++) {
                System.arraycopy(dFlat[s], c * plane, grad[LAYERS][c], s * plane, plane);
            }
        }
        for (int l = LAYERS - 1; l >= 0; l--) {
            int so = side[l + 1], co = ch[l + 1], k = taps[l];
            double[] db = sh.db[l];
            Arrays.fill(db, 0);
            for (float[] r : sh.dW[l]) {
                Arrays.fill(r, 0f);
            }
            if (l > 0) {
                int inPlane = side[l] * side[l];
                for (float[] g : grad[l]) {
                    Arrays.fill(g, s0 * inPlane, s1 * inPlane, 0f);
                }
            }
            for (int q0 = s0 * so; q0 < s1 * so; q0 += tileRows[l]) {
                int q1 = Math.min(s1 * so, q0 + tileRows[l]);
                int p0 = q0 * so, n = (q1 - q0) * so;
                for (int o = 0; o < co; o++) {
                    float[] g = grad[l + 1][o], a = act[l + 1][o], t = sh.tile[o];
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        float v = a[p0 + j] > 0f ? g[p0 + j] : 0f;
                        t[j] = v;
                        sum += v;
                    }
                    db[o] += sum;
                }
                if (l > 0) {
                    Kernels.gemm(wT[l], 0, 0, sh.tile, 0, sh.col, 0, k, co, n, false);
                    col2im(l, q0, q1, sh.col);
                }
                im2colT(l, q0, q1, sh.colT);
                Kernels.gemm(sh.tile, 0, 0, sh.colT, 0, sh.dW[l], 0, co, n, k, true);
            }
        }
    }

    /**
     * The weight gradients after {@link #backward} of all shards: conv weights and biases (shard
     * partial sums added in shard order) and, for output rows [j0, j1) of the linear layer, its
     * weight ({@code dY^T X} over the first {@code samples} samples, {@code scratch} [j1-j0][samples]).
     */
    void linearGradient(int j0, int j1, int samples, float[][] scratch, float[] dWeight) {
        Kernels.transpose(dFeatures, 0, j0, scratch, 0, 0, samples, j1 - j0);
        float[][] out = new float[j1 - j0][];
        for (int j = 0; j < out.length; j++) {
            out[j] = new float[flat];
        }
        Kernels.gemm(scratch, 0, 0, flatIn, 0, out, 0, j1 - j0, samples, flat, false);
        for (int j = 0; j < out.length; j++) {
            System.arraycopy(out[j], 0, dWeight, (j0 + j) * flat, flat);
        }
    }

    /** The linear layer's bias gradient (sum of the feature gradients over the first {@code samples} samples, in order). */
    void linearBiasGradient(int samples, float[] dBias) {
        double[] sum = new double[FEATURES];
        Kernels.sumRows(dFeatures, 0, samples, 0, FEATURES, sum);
        for (int j = 0; j < FEATURES; j++) {
            dBias[j] = (float) sum[j];
        }
    }

    /** Conv weight and bias gradients: the shards' partial sums in shard order. */
    void convGradients(float[][] dWeight, float[][] dBias) {
        for (int l = 0; l < LAYERS; l++) {
            int k = taps[l], co = ch[l + 1];
            float[] dw = dWeight[l];
            double[] db = new double[co];
            Arrays.fill(dw, 0f);
            for (Shard sh : shards) {
                for (int o = 0; o < co; o++) {
                    float[] row = sh.dW[l][o];
                    for (int r = 0; r < k; r++) {
                        dw[o * k + r] += row[r];
                    }
                    db[o] += sh.db[l][o];
                }
            }
            for (int o = 0; o < co; o++) {
                dBias[l][o] = (float) db[o];
            }
        }
    }

    /**
     * im2col of layer l's input for output rows [q0, q1) (row q is row q % side of sample q / side):
     * {@code col[(c*k + ky)*k + kx][(q-q0)*side + x] = in[c][stride*y + ky][stride*x + kx]}.
     */
    private void im2col(int l, int q0, int q1, float[][] col) {
        int si = side[l], so = side[l + 1], kk = KERNELS[l], st = STRIDES[l];
        for (int c = 0; c < ch[l]; c++) {
            float[] in = act[l][c];
            for (int ky = 0; ky < kk; ky++) {
                for (int kx = 0; kx < kk; kx++) {
                    float[] row = col[(c * kk + ky) * kk + kx];
                    for (int q = q0, j = 0; q < q1; q++, j += so) {
                        int base = (q / so) * si * si + (st * (q % so) + ky) * si + kx;
                        for (int x = 0; x < so; x++) {
                            row[j + x] = in[base + st * x];
                        }
                    }
                }
            }
        }
    }

    /** {@link #im2col} transposed: {@code colT[(q-q0)*side + x][(c*k + ky)*k + kx]}. */
    private void im2colT(int l, int q0, int q1, float[][] colT) {
        int si = side[l], so = side[l + 1], kk = KERNELS[l], st = STRIDES[l];
        for (int q = q0, j = 0; q < q1; q++) {
            int s = q / so, y = q % so;
            for (int x = 0; x < so; x++, j++) {
                float[] dst = colT[j];
                for (int c = 0, r = 0; c < ch[l]; c++) {
                    float[] in = act[l][c];
                    for (int ky = 0; ky < kk; ky++, r += kk) {
                        System.arraycopy(in, s * si * si + (st * y + ky) * si + st * x, dst, r, kk);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds the columns' gradients into layer l's input gradient planes. */
    private void col2im(int l, int q0, int q1, float[][] col) {
        int si = side[l], so = side[l + 1], kk = KERNELS[l], st = STRIDES[l];
        for (int c = 0; c < ch[l]; c++) {
            float[] g = grad[l][c];
            for (int ky = 0; ky < kk; ky++) {
                for (int kx = 0; kx < kk; kx++) {
                    float[] row = col[(c * kk + ky) * kk + kx];
                    for (int q = q0, j = 0; q < q1; q++, j += so) {
                        int base = (q / so) * si * si + (st * (q % so) + ky) * si + kx;
                        for (int x = 0; x < so; x++) {
                            g[base + st * x] += row[j + x];
                        }
                    }
                }
            }
        }
    }
}
