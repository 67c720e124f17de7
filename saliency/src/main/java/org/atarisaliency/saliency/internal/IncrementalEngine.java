package org.atarisaliency.saliency.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.FastMath;
import org.atarisaliency.agents.nets.RecurrentCell;

/**
 * Exact perturbation saliency for the A3C actor-critic by incremental inference (as in Krypton,
 * Nakandala et al. 2019). A mask changes the input only inside its support box, so conv layer l's
 * output changes only inside a window that grows with depth (3x3, stride 2, padding 1: rows [a,b]
 * of the input change rows [ceil((a-1)/2), floor((b+1)/2)] of the output). For each mask we
 * recompute only those windows on top of the unperturbed activations, update the recurrent cell's
 * input projection only for the features that changed, and reuse the hidden projection
 * {@code W_hh h}, which no perturbation touches. Values outside the windows are those of the
 * unperturbed pass, so the result equals a full forward of each perturbed image up to float
 * rounding.
 *
 * <p>Speed: masks are processed in groups; for each layer the windows of a group are laid side by
 * side as the columns of one im2col matrix and multiplied by the layer's weights with a
 * register-blocked loop (four output channels per pass over long, alias-free rows) that the JIT
 * turns into SIMD code. Groups are shared out to a fixed thread pool; all buffers are allocated
 * once per thread and reused, so memory does not grow with the number of frames.
 */
public final class IncrementalEngine implements AutoCloseable {
    private static final int LAYERS = ActorCriticWeights.CONV_LAYERS;
    /** Masks per group: long enough rows for SIMD, small enough to stay in cache. */
    private static final int GROUP = 8;

    private final ActorCriticWeights w;
    private final int[] sizes = new int[LAYERS + 1];
    private final int[] chans = new int[LAYERS + 1];
    private final float[][][] convW = new float[LAYERS][][];
    private final float[][] convB = new float[LAYERS][];
    private final float[][] weightIhT;
    private final int gates;
    private final int threads;
    private final ExecutorService pool;
    private final Scratch[] scratch;

    /** Where the perturbed inputs come from. */
    public interface MaskSource {
        int count();

        /** Inclusive box {y0, y1, x0, x1} outside of which item k equals the base image. */
        int[] box(int k);

        /** The value of pixel i of item k (only asked inside its box). */
        float value(int k, int i);
    }

    /** The unperturbed activations of one frame (channel-major planes) and the projections. */
    public final class Base {
        final float[][][] act = new float[LAYERS + 1][][];
        final float[] gi;
        final float[] gh;
        final float[] h;
        final float[] c;

        Base(float[] image, float[] h, float[] c, Scratch s) {
            this.h = h;
            this.c = c;
            act[0] = new float[][] {image.clone()};
            int full = sizes[0] - 1;
            int[] box = {0, full, 0, full};
            MaskSource whole = new MaskSource() {
                @Override
                public int count() {
                    return 1;
                }

                @Override
                public int[] box(int k) {
                    return box;
                }

                @Override
                public float value(int k, int i) {
                    return image[i];
                }
            };
            // run the group machinery with the base being "all zero" except through the box
            act[0] = new float[][] {image.clone()};
            for (int l = 1; l <= LAYERS; l++) {
                act[l] = new float[chans[l]][sizes[l] * sizes[l]];
            }
            Group g = s.group;
            g.forward(this, whole, 0, 1, true);
            for (int l = 1; l <= LAYERS; l++) {
                for (int ch = 0; ch < chans[l]; ch++) {
                    System.arraycopy(g.out[l][ch], 0, act[l][ch], 0, sizes[l] * sizes[l]);
                }
            }
            gi = w.biasIh().clone();
            int sz = sizes[LAYERS];
            for (int ch = 0; ch < chans[LAYERS]; ch++) {
                for (int p = 0; p < sz * sz; p++) {
                    axpy(gi, act[LAYERS][ch][p], weightIhT[ch * sz * sz + p]);
                }
            }
            gh = new float[gates];
            int hid = w.hidden();
            for (int gg = 0; gg < gates; gg++) {
                float acc = 0;
                for (int u = 0; u < hid; u++) {
                    acc += w.weightHh()[gg * hid + u] * h[u];
                }
                gh[gg] = acc + w.biasHh()[gg];
            }
        }

        /** Logits and value of this base: [logits..., value]. */
        public float[] output() {
            return cellAndHeads(gi, this, new float[w.hidden()], new float[w.hidden()]);
        }

        /** The hidden (and, for an LSTM, cell) state after this step. */
        public float[][] nextState() {
            float[] hn = new float[w.hidden()], cn = new float[w.hidden()];
            cellAndHeads(gi, this, hn, cn);
            return w.cell() == RecurrentCell.LSTM ? new float[][] {hn, cn} : new float[][] {hn};
        }
    }

    /** Buffers for one group of masks through the conv stack. */
    private final class Group {
        /** Per layer: window boxes and column offsets of the group's items. */
        final int[][][] box = new int[LAYERS + 1][GROUP][4];
        final int[][] off = new int[LAYERS + 1][GROUP + 1];
        /** im2col matrix rows (reused for every layer) and per-layer outputs [channel][column]. */
        final float[][] col;
        final float[][][] out = new float[LAYERS + 1][][];
        final float[] patch;
        final float[] even;
        final float[] odd;

        Group() {
            int maxRows = 0, maxPatch = 0;
            for (int l = 1; l <= LAYERS; l++) {
                out[l] = new float[chans[l]][0];
                maxRows = Math.max(maxRows, chans[l - 1] * 9);
                int side = 2 * sizes[l] + 1;
                maxPatch = Math.max(maxPatch, chans[l - 1] * side * side);
            }
            col = new float[maxRows][0];
            patch = new float[maxPatch];
            even = new float[maxPatch];
            odd = new float[maxPatch];
        }

        /** Grows the buffers of layer l (output columns, im2col rows) to hold {@code cols} columns. */
        void ensure(int l, int cols) {
            if (out[l][0].length < cols) {
                for (int ch = 0; ch < out[l].length; ch++) {
                    out[l][ch] = new float[cols];
                }
            }
            int rows = chans[l - 1] * 9;
            for (int r = 0; r < rows; r++) {
                if (col[r].length < cols) {
                    col[r] = new float[cols];
                }
            }
        }

        /**
         * Runs items [k0, k1) of {@code src} through the conv stack on top of {@code base}.
         * With {@code full}, every window is the whole layer (used to build the base itself).
         */
        void forward(Base base, MaskSource src, int k0, int k1, boolean full) {
            int n = k1 - k0;
            off[0][0] = 0;
            for (int m = 0; m < n; m++) {
                int[] b = src.box(k0 + m);
                System.arraycopy(b, 0, box[0][m], 0, 4);
            }
            for (int l = 0; l < LAYERS; l++) {
                int last = sizes[l + 1] - 1;
                int cols = 0;
                for (int m = 0; m < n; m++) {
                    int[] in = box[l][m], o = box[l + 1][m];
                    o[0] = full ? 0 : Math.max(0, -Math.floorDiv(-(in[0] - 1), 2));
                    o[1] = full ? last : Math.min(last, Math.floorDiv(in[1] + 1, 2));
                    o[2] = full ? 0 : Math.max(0, -Math.floorDiv(-(in[2] - 1), 2));
                    o[3] = full ? last : Math.min(last, Math.floorDiv(in[3] + 1, 2));
                    off[l + 1][m] = cols;
                    cols += (o[1] - o[0] + 1) * (o[3] - o[2] + 1);
                }
                off[l + 1][n] = cols;
                ensure(l + 1, cols);
                for (int m = 0; m < n; m++) {
                    im2col(base, src, k0 + m, l, m);
                }
                gemm(convW[l], convB[l], col, chans[l] * 9, cols, out[l + 1]);
                float[][] o = out[l + 1];
                for (int ch = 0; ch < chans[l + 1]; ch++) {
                    FastMath.eluInPlace(o[ch], cols);
                }
            }
        }

        /**
         * Writes item m's columns of layer l+1's im2col matrix: first the padded input patch under
         * its output window (base values, with item m's own window of layer l on top), then the
         * 3x3 stride-2 taps of each output position.
         */
        private void im2col(Base base, MaskSource src, int k, int l, int m) {
            int[] ob = box[l + 1][m], ib = box[l][m];
            int si = sizes[l], cin = chans[l];
            int py0 = 2 * ob[0] - 1, px0 = 2 * ob[2] - 1;
            int ph = 2 * (ob[1] - ob[0]) + 3, pw = 2 * (ob[3] - ob[2]) + 3;
            float[] pt = patch;
            int iw = ib[3] - ib[2] + 1;
            for (int c = 0; c < cin; c++) {
                float[] plane = base.act[l][c];
                float[] win = l == 0 ? null : out[l][c];
                int pc = c * ph * pw;
                for (int y = 0; y < ph; y++) {
                    int iy = py0 + y;
                    int pr = pc + y * pw;
                    if (iy < 0 || iy >= si) {
                        Arrays.fill(pt, pr, pr + pw, 0f);
                        continue;
                    }
                    // columns inside the image come from the base, the rest is padding
                    int xa = Math.max(0, px0), xb = Math.min(si - 1, px0 + pw - 1);
                    if (px0 < 0) {
                        pt[pr] = 0f;
                    }
                    if (px0 + pw - 1 >= si) {
                        pt[pr + pw - 1] = 0f;
                    }
                    System.arraycopy(plane, iy * si + xa, pt, pr + xa - px0, xb - xa + 1);
                    if (iy >= ib[0] && iy <= ib[1]) {
                        int xs = Math.max(ib[2], xa), xe = Math.min(ib[3], xb);
                        if (xs <= xe) {
                            if (l == 0) {
                                for (int x = xs; x <= xe; x++) {
                                    pt[pr + x - px0] = src.value(k, iy * si + x);
                                }
                            } else {
                                int wo = off[l][m] + (iy - ib[0]) * iw + (xs - ib[2]);
                                System.arraycopy(win, wo, pt, pr + xs - px0, xe - xs + 1);
                            }
                        }
                    }
                }
            }
            int oh = ob[1] - ob[0] + 1, ow = ob[3] - ob[2] + 1;
            int start = off[l + 1][m];
            // split every patch row into its even and odd columns: each tap then reads a contiguous run
            int half = (pw + 1) / 2;
            float[] ev = even, od = odd;
            for (int c = 0; c < cin; c++) {
                for (int y = 0; y < ph; y++) {
                    int pr = (c * ph + y) * pw;
                    int er = (c * ph + y) * half;
                    for (int x = 0; x < half; x++) {
                        ev[er + x] = pt[pr + 2 * x];
                    }
                    for (int x = 0; 2 * x + 1 < pw; x++) {
                        od[er + x] = pt[pr + 2 * x + 1];
                    }
                }
            }
            for (int c = 0; c < cin; c++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        float[] row = col[c * 9 + ky * 3 + kx];
                        float[] srcPlane = kx == 1 ? od : ev;
                        int shift = kx == 2 ? 1 : 0;
                        int p = start;
                        for (int y = 0; y < oh; y++) {
                            System.arraycopy(srcPlane, (c * ph + 2 * y + ky) * half + shift, row, p, ow);
                            p += ow;
                        }
                    }
                }
            }
        }
    }

    /** Per-thread buffers. */
    private final class Scratch {
        final Group group = new Group();
        final float[][] gi = new float[GROUP][];
        final float[][] delta = new float[GROUP][];
        final float[] hNext;
        final float[] cNext;

        Scratch() {
            for (int m = 0; m < GROUP; m++) {
                gi[m] = new float[gates];
                delta[m] = new float[w.flatSize()];
            }
            hNext = new float[w.hidden()];
            cNext = new float[w.hidden()];
        }
    }

    public IncrementalEngine(ActorCriticWeights weights, int threads) {
        this.w = weights;
        if (weights.inputChannels() != 1) {
            throw new IllegalArgumentException("incremental saliency needs a 1-channel input, got " + weights.inputChannels());
        }
        sizes[0] = weights.inputSize();
        chans[0] = 1;
        for (int l = 0; l < LAYERS; l++) {
            sizes[l + 1] = weights.convOutSize(l);
            chans[l + 1] = weights.convChannels()[l + 1];
            int cin = chans[l], cout = chans[l + 1];
            // PyTorch's [out][in][ky][kx] rows are exactly our im2col order c*9 + ky*3 + kx
            convW[l] = new float[cout][cin * 9];
            for (int o = 0; o < cout; o++) {
                System.arraycopy(weights.convWeight()[l], o * cin * 9, convW[l][o], 0, cin * 9);
            }
            convB[l] = weights.convBias()[l].clone();
        }
        gates = weights.cell().gates() * weights.hidden();
        int flat = weights.flatSize();
        weightIhT = new float[flat][gates];
        for (int g = 0; g < gates; g++) {
            for (int j = 0; j < flat; j++) {
                weightIhT[j][g] = weights.weightIh()[g * flat + j];
            }
        }
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "saliency-worker");
            t.setDaemon(true);
            return t;
        });
        scratch = new Scratch[this.threads];
        for (int i = 0; i < scratch.length; i++) {
            scratch[i] = new Scratch();
        }
    }

    /** Unperturbed activations of {@code image} from state (h, c); c is ignored for a GRU. */
    public synchronized Base base(float[] image, float[] h, float[] c) {
        return new Base(image, h, c, scratch[0]);
    }

    /**
     * Runs every item of {@code src} on top of {@code base} and writes per item the logits
     * ({@code logits[k*A..]}) and the value ({@code values[k]}).
     */
    public void run(Base base, MaskSource src, float[] logits, float[] values) throws InterruptedException {
        int n = src.count();
        int groups = (n + GROUP - 1) / GROUP;
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Scratch s = scratch[t];
            fs.add(pool.submit(() -> {
                for (int g; (g = next.getAndIncrement()) < groups; ) {
                    int k0 = g * GROUP, k1 = Math.min(n, k0 + GROUP);
                    runGroup(base, src, k0, k1, s, logits, values);
                }
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            }
        }
    }

    private void runGroup(Base base, MaskSource src, int k0, int k1, Scratch s, float[] logits, float[] values) {
        Group g = s.group;
        g.forward(base, src, k0, k1, false);
        int sz = sizes[LAYERS], ch = chans[LAYERS];
        int n = k1 - k0;
        int flat = sz * sz * ch;
        // feature changes of every item, dense (zero outside its window), PyTorch's flatten order
        for (int m = 0; m < n; m++) {
            float[] d = s.delta[m];
            java.util.Arrays.fill(d, 0f);
            System.arraycopy(base.gi, 0, s.gi[m], 0, gates);
            int[] b = g.box[LAYERS][m];
            int bw = b[3] - b[2] + 1;
            int start = g.off[LAYERS][m];
            for (int c = 0; c < ch; c++) {
                float[] win = g.out[LAYERS][c];
                float[] plane = base.act[LAYERS][c];
                for (int y = b[0]; y <= b[1]; y++) {
                    for (int x = b[2]; x <= b[3]; x++) {
                        d[c * sz * sz + y * sz + x] = win[start + (y - b[0]) * bw + (x - b[2])] - plane[y * sz + x];
                    }
                }
            }
        }
        // gi_m += sum_j delta_m[j] * W_ih[:, j], four items per pass over each weight column
        int m = 0;
        for (; m + 4 <= n; m += 4) {
            float[] d0 = s.delta[m], d1 = s.delta[m + 1], d2 = s.delta[m + 2], d3 = s.delta[m + 3];
            float[] g0 = s.gi[m], g1 = s.gi[m + 1], g2 = s.gi[m + 2], g3 = s.gi[m + 3];
            for (int j = 0; j < flat; j++) {
                float a0 = d0[j], a1 = d1[j], a2 = d2[j], a3 = d3[j];
                if (a0 == 0f && a1 == 0f && a2 == 0f && a3 == 0f) {
                    continue;
                }
                float[] col = weightIhT[j];
                for (int q = 0; q < gates; q++) {
                    float v = col[q];
                    g0[q] = Math.fma(a0, v, g0[q]);
                    g1[q] = Math.fma(a1, v, g1[q]);
                    g2[q] = Math.fma(a2, v, g2[q]);
                    g3[q] = Math.fma(a3, v, g3[q]);
                }
            }
        }
        for (; m < n; m++) {
            float[] d = s.delta[m];
            for (int j = 0; j < flat; j++) {
                if (d[j] != 0f) {
                    axpy(s.gi[m], d[j], weightIhT[j]);
                }
            }
        }
        int a = w.actions();
        for (m = 0; m < n; m++) {
            float[] out = cellAndHeads(s.gi[m], base, s.hNext, s.cNext);
            System.arraycopy(out, 0, logits, (k0 + m) * a, a);
            values[k0 + m] = out[a];
        }
    }

    /** y += a * x over the whole of y. */
    private static void axpy(float[] y, float a, float[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    /**
     * out[o][p] = bias[o] + sum_r w[o][r] * col[r][p] for p < cols, four output rows per pass so
     * that each loaded column value feeds four fused multiply-adds (Math.fma, which the JIT turns
     * into vector FMA instructions).
     */
    static void gemm(float[][] w, float[] bias, float[][] col, int rows, int cols, float[][] out) {
        int o = 0;
        for (; o + 4 <= w.length; o += 4) {
            float[] o0 = out[o], o1 = out[o + 1], o2 = out[o + 2], o3 = out[o + 3];
            Arrays.fill(o0, 0, cols, bias[o]);
            Arrays.fill(o1, 0, cols, bias[o + 1]);
            Arrays.fill(o2, 0, cols, bias[o + 2]);
            Arrays.fill(o3, 0, cols, bias[o + 3]);
            float[] w0 = w[o], w1 = w[o + 1], w2 = w[o + 2], w3 = w[o + 3];
            for (int r = 0; r < rows; r++) {
                float a0 = w0[r], a1 = w1[r], a2 = w2[r], a3 = w3[r];
                float[] c = col[r];
                for (int p = 0; p < cols; p++) {
                    float v = c[p];
                    o0[p] = Math.fma(a0, v, o0[p]);
                    o1[p] = Math.fma(a1, v, o1[p]);
                    o2[p] = Math.fma(a2, v, o2[p]);
                    o3[p] = Math.fma(a3, v, o3[p]);
                }
            }
        }
        for (; o < w.length; o++) {
            float[] oo = out[o];
            Arrays.fill(oo, 0, cols, bias[o]);
            for (int r = 0; r < rows; r++) {
                float a0 = w[o][r];
                float[] c = col[r];
                for (int p = 0; p < cols; p++) {
                    oo[p] += a0 * c[p];
                }
            }
        }
    }

    /** The recurrent cell and both heads from the input projection: [logits..., value]. */
    private float[] cellAndHeads(float[] gi, Base base, float[] h, float[] cNext) {
        int hid = w.hidden();
        float[] gh = base.gh;
        if (w.cell() == RecurrentCell.GRU) {
            for (int u = 0; u < hid; u++) {
                float r = FastMath.sigmoid(gi[u] + gh[u]);
                float z = FastMath.sigmoid(gi[hid + u] + gh[hid + u]);
                float n = FastMath.tanh(gi[2 * hid + u] + r * gh[2 * hid + u]);
                h[u] = (1f - z) * n + z * base.h[u];
            }
        } else {
            for (int u = 0; u < hid; u++) {
                float ig = FastMath.sigmoid(gi[u] + gh[u]);
                float fg = FastMath.sigmoid(gi[hid + u] + gh[hid + u]);
                float gg = FastMath.tanh(gi[2 * hid + u] + gh[2 * hid + u]);
                float og = FastMath.sigmoid(gi[3 * hid + u] + gh[3 * hid + u]);
                float c = fg * base.c[u] + ig * gg;
                cNext[u] = c;
                h[u] = og * FastMath.tanh(c);
            }
        }
        int a = w.actions();
        float[] out = new float[a + 1];
        for (int k = 0; k < a; k++) {
            float acc = 0;
            int o = k * hid;
            for (int u = 0; u < hid; u++) {
                acc += w.actorWeight()[o + u] * h[u];
            }
            out[k] = acc + w.actorBias()[k];
        }
        float v = 0;
        for (int u = 0; u < hid; u++) {
            v += w.criticWeight()[u] * h[u];
        }
        out[a] = v + w.criticBias();
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
