package org.atarisaliency.agents.train;

import java.util.Arrays;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.FastMath;

/**
 * The four conv layers (3x3, stride 2, padding 1, ELU) over a batch of observations, forward and
 * backward, as im2col + {@link Kernels#gemm}. Activations are kept as planes
 * {@code act[layer][channel][sample * side * side]} (layer 0 is the input) for the backward pass.
 *
 * <p>Work is split into {@link #SHARDS} fixed ranges of samples, each with its own scratch and
 * weight-gradient partial sums; the partial sums are added in shard order, so the result does not
 * depend on how many threads run the shards. Within a shard, output rows are processed in tiles
 * of about {@link #TILE} columns (small enough for the im2col tile to stay in cache).
 */
final class ConvStack {
    static final int LAYERS = ActorCriticWeights.CONV_LAYERS;
    static final int SHARDS = 4;
    private static final int TILE = 512;

    private final int[] ch = new int[LAYERS + 1];
    private final int[] side = new int[LAYERS + 1];
    private final int[] tileRows = new int[LAYERS];
    private final float[][][] w = new float[LAYERS][][];
    private final float[][][] wT = new float[LAYERS][][];
    private final float[][] bias = new float[LAYERS][];
    private final Shard[] shards = new Shard[SHARDS];
    /** Activations [layer][channel][sample*side^2]; layer 0 is the input. */
    private final float[][][] act = new float[LAYERS + 1][][];
    /** Gradients of the loss with respect to act[1..4]. */
    private final float[][][] grad = new float[LAYERS + 1][][];
    private int capacity;

    /** Per-shard scratch and weight-gradient partial sums. */
    private final class Shard {
        final float[][] col;
        /** One tile of a layer's output (forward) or of its gradient (backward), from column 0. */
        final float[][] tile;
        /** im2col transposed: one row of taps per output position (layers above the first). */
        final float[][] colT;
        /** Weight-gradient partial sums [out][in*9] (PyTorch's order within a row). */
        final float[][][] dW = new float[LAYERS][][];
        final double[][] db = new double[LAYERS][];
        /**
         * Per-column running sums over the tiles, added up once per layer: of G*col for each
         * (out, tap) of the first layer (its 9 taps are too few for a matrix product along them),
         * and of G for the bias gradients.
         */
        final float[][] lanes;
        final float[][] biasLanes;

        Shard() {
            int rows = 0, cols = 0;
            for (int l = 0; l < LAYERS; l++) {
                rows = Math.max(rows, ch[l] * 9);
                cols = Math.max(cols, tileRows[l] * side[l + 1]);
                dW[l] = new float[ch[l + 1]][ch[l] * 9];
                db[l] = new double[ch[l + 1]];
            }
            int maxCh = Arrays.stream(ch).max().orElseThrow();
            col = new float[rows][cols];
            tile = new float[maxCh][cols];
            colT = new float[cols][rows];
            lanes = new float[ch[1] * ch[0] * 9][cols];
            biasLanes = new float[maxCh][cols];
        }
    }

    ConvStack(ActorCriticWeights weights) {
        ch[0] = weights.inputChannels();
        side[0] = weights.inputSize();
        for (int l = 0; l < LAYERS; l++) {
            ch[l + 1] = weights.convChannels()[l + 1];
            side[l + 1] = weights.convOutSize(l);
            tileRows[l] = Math.max(1, TILE / side[l + 1]);
        }
        for (int s = 0; s < SHARDS; s++) {
            shards[s] = new Shard();
        }
        setWeights(weights.convWeight(), weights.convBias());
    }

    /** Takes new conv weights (PyTorch layout [out, in, 3, 3]) and biases. */
    void setWeights(float[][] convWeight, float[][] convBias) {
        for (int l = 0; l < LAYERS; l++) {
            int k = ch[l] * 9;
            w[l] = Kernels.rows(convWeight[l], ch[l + 1], k);
            wT[l] = new float[k][ch[l + 1]];
            Kernels.transpose(w[l], 0, 0, wT[l], 0, 0, ch[l + 1], k);
            bias[l] = convBias[l].clone();
        }
    }

    /** Floats per observation. */
    int inputLength() {
        return ch[0] * side[0] * side[0];
    }

    /** Length of one sample's flattened features (PyTorch's flatten order: channel, row, column). */
    int flatSize() {
        return ch[LAYERS] * side[LAYERS] * side[LAYERS];
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
        capacity = samples;
    }

    /** The first sample of shard {@code s} of {@code samples}. */
    static int shardStart(int s, int samples) {
        return (int) ((long) samples * s / SHARDS);
    }

    /** Copies observations [samples][C][S][S] into the input planes; call before {@link #forward}. */
    void load(float[] observations, int samples) {
        ensure(samples);
        int plane = side[0] * side[0];
        for (int s = 0; s < samples; s++) {
            for (int c = 0; c < ch[0]; c++) {
                System.arraycopy(observations, (s * ch[0] + c) * plane, act[0][c], s * plane, plane);
            }
        }
    }

    /** Forward through all layers for shard {@code shard} of {@code samples} (shards are independent). */
    void forward(int shard, int samples) {
        int s0 = shardStart(shard, samples), s1 = shardStart(shard + 1, samples);
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
                Kernels.gemm(w[l], 0, 0, sh.col, 0, sh.tile, 0, ch[l + 1], ch[l] * 9, n, true);
                for (int o = 0; o < ch[l + 1]; o++) {
                    FastMath.eluInPlace(sh.tile[o], 0, n);
                    System.arraycopy(sh.tile[o], 0, act[l + 1][o], p0, n);
                }
            }
        }
    }

    /** Sample s's flattened features into {@code out}. */
    void features(int s, float[] out) {
        int plane = side[LAYERS] * side[LAYERS];
        for (int c = 0; c < ch[LAYERS]; c++) {
            System.arraycopy(act[LAYERS][c], s * plane, out, c * plane, plane);
        }
    }

    /** Sets the gradient of sample s's flattened features (before {@link #backward}). */
    void featureGradient(int s, float[] g) {
        int plane = side[LAYERS] * side[LAYERS];
        for (int c = 0; c < ch[LAYERS]; c++) {
            System.arraycopy(g, c * plane, grad[LAYERS][c], s * plane, plane);
        }
    }

    /**
     * Backward through all layers for shard {@code shard} of the first {@code samples} samples:
     * input gradients into the planes, weight and bias gradients into the shard's partial sums
     * (zeroed first).
     */
    void backward(int shard, int samples) {
        int s0 = shardStart(shard, samples), s1 = shardStart(shard + 1, samples);
        Shard sh = shards[shard];
        for (int l = LAYERS - 1; l >= 0; l--) {
            int so = side[l + 1], co = ch[l + 1], k = ch[l] * 9;
            if (l == 0) {
                clear(sh.lanes);
            }
            clear(sh.biasLanes);
            if (l > 0) {
                int plane = side[l] * side[l];
                for (float[] g : grad[l]) {
                    Arrays.fill(g, s0 * plane, s1 * plane, 0f);
                }
            }
            for (float[] r : sh.dW[l]) {
                Arrays.fill(r, 0f);
            }
            for (int q0 = s0 * so; q0 < s1 * so; q0 += tileRows[l]) {
                int q1 = Math.min(s1 * so, q0 + tileRows[l]);
                int p0 = q0 * so, n = (q1 - q0) * so;
                float[][] g = grad[l + 1];
                for (int o = 0; o < co; o++) {
                    FastMath.eluBackwardInPlace(g[o], act[l + 1][o], p0, p0 + n);
                    System.arraycopy(g[o], p0, sh.tile[o], 0, n);
                    Kernels.addInto(sh.biasLanes[o], sh.tile[o], n);
                }
                if (l > 0) {
                    Kernels.gemm(wT[l], 0, 0, sh.tile, 0, sh.col, 0, k, co, n, false);
                    col2im(l, q0, q1, sh.col);
                    im2colT(l, q0, q1, sh.colT);
                    Kernels.gemm(sh.tile, 0, 0, sh.colT, 0, sh.dW[l], 0, co, n, k, true);
                } else {
                    im2col(l, q0, q1, sh.col);
                    for (int o = 0; o < co; o++) {
                        for (int r = 0; r < k; r++) {
                            Kernels.fmaInto(sh.lanes[o * k + r], sh.tile[o], sh.col[r], n);
                        }
                    }
                }
            }
            if (l == 0) {
                for (int o = 0; o < co; o++) {
                    for (int r = 0; r < k; r++) {
                        sh.dW[l][o][r] = (float) sum(sh.lanes[o * k + r]);
                    }
                }
            }
            for (int o = 0; o < co; o++) {
                sh.db[l][o] = sum(sh.biasLanes[o]);
            }
        }
    }

    private static void clear(float[][] rows) {
        for (float[] r : rows) {
            Arrays.fill(r, 0f);
        }
    }

    private static double sum(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x;
        }
        return s;
    }

    /** Adds the shards' partial sums in shard order: conv weight gradients [out, in, 3, 3] and bias gradients. */
    void gradients(float[][] dWeight, float[][] dBias) {
        for (int l = 0; l < LAYERS; l++) {
            int k = ch[l] * 9, co = ch[l + 1];
            float[] dw = dWeight[l];
            double[] db = new double[co];
            Arrays.fill(dw, 0f);
            for (Shard sh : shards) {
                for (int o = 0; o < co; o++) {
                    float[] row = sh.dW[l][o];
                    for (int r = 0; r < k; r++) {
                        dw[o * k + r] += row[r];
                    }
                }
                for (int o = 0; o < co; o++) {
                    db[o] += sh.db[l][o];
                }
            }
            for (int o = 0; o < co; o++) {
                dBias[l][o] = (float) db[o];
            }
        }
    }

    /**
     * im2col of layer l's input for output rows [q0, q1) (row q is row q % side of sample
     * q / side): {@code col[c*9 + ky*3 + kx][(q-q0)*side + x] = in[c][2y+ky-1][2x+kx-1]}, zero
     * outside the image.
     */
    private void im2col(int l, int q0, int q1, float[][] col) {
        int si = side[l], so = side[l + 1];
        for (int c = 0; c < ch[l]; c++) {
            float[] in = act[l][c];
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    float[] row = col[c * 9 + ky * 3 + kx];
                    int xa = kx == 0 ? 1 : 0, xb = Math.min(so, (si - kx) / 2 + 1);
                    for (int q = q0, j = 0; q < q1; q++, j += so) {
                        int s = q / so, iy = 2 * (q % so) + ky - 1;
                        if (iy < 0 || iy >= si) {
                            Arrays.fill(row, j, j + so, 0f);
                            continue;
                        }
                        int base = s * si * si + iy * si + kx - 1;
                        for (int x = 0; x < xa; x++) {
                            row[j + x] = 0f;
                        }
                        for (int x = xa; x < xb; x++) {
                            row[j + x] = in[base + 2 * x];
                        }
                        for (int x = xb; x < so; x++) {
                            row[j + x] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** {@link #im2col} transposed: {@code colT[(q-q0)*side + x][c*9 + ky*3 + kx]}. */
    private void im2colT(int l, int q0, int q1, float[][] colT) {
        int si = side[l], so = side[l + 1];
        for (int q = q0, j = 0; q < q1; q++) {
            int s = q / so, y = q % so;
            for (int x = 0; x < so; x++, j++) {
                float[] dst = colT[j];
                for (int c = 0; c < ch[l]; c++) {
                    float[] in = act[l][c];
                    for (int ky = 0; ky < 3; ky++) {
                        int iy = 2 * y + ky - 1, r = c * 9 + ky * 3;
                        if (iy < 0 || iy >= si) {
                            dst[r] = dst[r + 1] = dst[r + 2] = 0f;
                            continue;
                        }
                        int base = s * si * si + iy * si + 2 * x - 1;
                        dst[r] = x == 0 ? 0f : in[base];
                        dst[r + 1] = in[base + 1];
                        dst[r + 2] = 2 * x + 1 < si ? in[base + 2] : 0f;
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: adds the columns' gradients into layer l's input gradient planes. */
    private void col2im(int l, int q0, int q1, float[][] col) {
        int si = side[l], so = side[l + 1];
        for (int c = 0; c < ch[l]; c++) {
            float[] g = grad[l][c];
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    float[] row = col[c * 9 + ky * 3 + kx];
                    int xa = kx == 0 ? 1 : 0, xb = Math.min(so, (si - kx) / 2 + 1);
                    for (int q = q0, j = 0; q < q1; q++, j += so) {
                        int s = q / so, iy = 2 * (q % so) + ky - 1;
                        if (iy < 0 || iy >= si) {
                            continue;
                        }
                        int base = s * si * si + iy * si + kx - 1;
                        for (int x = xa; x < xb; x++) {
                            g[base + 2 * x] += row[j + x];
                        }
                    }
                }
            }
        }
    }
}
