package org.atarisaliency.saliency.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;

/**
 * Exact perturbation saliency for the A3C actor-critic by incremental inference (as in Krypton,
 * Nakandala et al. 2019): a mask changes the input only inside its support box, so conv layer
 * l's output changes only inside a window that grows with depth (stride 2, 3x3, padding 1: rows
 * [a,b] -> [ceil((a-1)/2), floor((b+1)/2)]). For each mask we recompute only those windows on top
 * of the unperturbed activations, update the GRU/LSTM input projection only for the changed
 * features, and reuse the hidden projection {@code W_hh h}, which no perturbation changes. Every
 * value outside the windows is bit-identical to the unperturbed pass, so the result equals a full
 * forward of each perturbed image up to float rounding. Masks are split over a fixed thread pool;
 * all scratch memory is allocated once.
 *
 * <p>Activations are kept channel-last (HWC) so that the inner loop runs over the 32 output
 * channels of contiguous weights, which the JIT vectorises.
 */
public final class IncrementalEngine implements AutoCloseable {
    private static final int LAYERS = ActorCriticWeights.CONV_LAYERS;

    private final ActorCriticWeights w;
    private final int[] sizes = new int[LAYERS + 1];
    private final int[] chans = new int[LAYERS + 1];
    private final float[][] convW = new float[LAYERS][];
    private final float[][] convB = new float[LAYERS][];
    private final float[] weightIhT;
    private final int gates;
    private final int threads;
    private final ExecutorService pool;
    private final Scratch[] scratch;

    /** Per-thread working buffers. */
    private final class Scratch {
        final float[][] work = new float[LAYERS + 1][];
        final float[] acc = new float[64];
        final float[] gi;
        final float[] hNext;
        final float[] cNext;
        final float[] logits;
        Base holds;

        Scratch() {
            for (int l = 0; l <= LAYERS; l++) {
                work[l] = new float[sizes[l] * sizes[l] * chans[l]];
            }
            gi = new float[gates];
            hNext = new float[w.hidden()];
            cNext = new float[w.hidden()];
            logits = new float[w.actions()];
        }
    }

    /** The unperturbed activations of one frame. */
    public final class Base {
        final float[][] act = new float[LAYERS + 1][];
        final float[] gi;
        final float[] gh;
        final float[] h;
        final float[] c;

        Base(float[] image, float[] h, float[] c) {
            this.h = h;
            this.c = c;
            act[0] = image.clone();
            for (int l = 0; l < LAYERS; l++) {
                act[l + 1] = new float[sizes[l + 1] * sizes[l + 1] * chans[l + 1]];
                convWindow(l, act[l], act[l + 1], 0, sizes[l + 1] - 1, 0, sizes[l + 1] - 1, new float[64]);
            }
            gi = w.biasIh().clone();
            float[] f = act[LAYERS];
            int s = sizes[LAYERS];
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    for (int ch = 0; ch < chans[LAYERS]; ch++) {
                        addColumn(gi, f[(y * s + x) * chans[LAYERS] + ch], ch * s * s + y * s + x);
                    }
                }
            }
            gh = new float[gates];
            int hid = w.hidden();
            for (int g = 0; g < gates; g++) {
                float acc = 0;
                for (int u = 0; u < hid; u++) {
                    acc += w.weightHh()[g * hid + u] * h[u];
                }
                gh[g] = acc + w.biasHh()[g];
            }
        }

        /** Logits and value of the unperturbed input: [logits..., value]. */
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
            float[] src = weights.convWeight()[l];
            float[] dst = new float[9 * cin * cout];
            for (int o = 0; o < cout; o++) {
                for (int c = 0; c < cin; c++) {
                    for (int k = 0; k < 9; k++) {
                        dst[(k * cin + c) * cout + o] = src[(o * cin + c) * 9 + k];
                    }
                }
            }
            convW[l] = dst;
            convB[l] = weights.convBias()[l].clone();
        }
        gates = weights.cell().gates() * weights.hidden();
        int flat = weights.flatSize();
        weightIhT = new float[flat * gates];
        for (int g = 0; g < gates; g++) {
            for (int j = 0; j < flat; j++) {
                weightIhT[j * gates + g] = weights.weightIh()[g * flat + j];
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
    public Base base(float[] image, float[] h, float[] c) {
        return new Base(image, h, c);
    }

    /**
     * Runs every mask: the perturbed image equals {@code base}'s image except inside mask k's box,
     * where pixel i becomes {@code perturb(image[i], blurred[i], mask[i])}. Writes per mask the
     * logits (A floats) and the value into {@code logits[k*A..]} and {@code values[k]}.
     */
    public void run(Base base, MaskSource masks, float[] logits, float[] values) throws InterruptedException {
        int n = masks.count();
        List<Future<?>> fs = new ArrayList<>();
        int per = (n + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * per, to = Math.min(n, from + per);
            if (from >= to) {
                break;
            }
            Scratch s = scratch[t];
            fs.add(pool.submit(() -> {
                for (int k = from; k < to; k++) {
                    float[] out = perturbed(base, masks, k, s);
                    System.arraycopy(out, 0, logits, k * w.actions(), w.actions());
                    values[k] = out[w.actions()];
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

    /** Where the masks and the perturbed pixel values come from. */
    public interface MaskSource {
        int count();

        /** Inclusive box {y0, y1, x0, x1} of mask k. */
        int[] box(int k);

        /** The perturbed value of pixel i under mask k. */
        float value(int k, int i);
    }

    private float[] perturbed(Base base, MaskSource masks, int k, Scratch s) {
        if (s.holds != base) {
            for (int l = 0; l <= LAYERS; l++) {
                System.arraycopy(base.act[l], 0, s.work[l], 0, base.act[l].length);
            }
            s.holds = base;
        }
        int[] box = masks.box(k);
        int y0 = box[0], y1 = box[1], x0 = box[2], x1 = box[3];
        float[] in = s.work[0];
        int s0 = sizes[0];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                in[y * s0 + x] = masks.value(k, y * s0 + x);
            }
        }
        for (int l = 0; l < LAYERS; l++) {
            int last = sizes[l + 1] - 1;
            int ny0 = Math.max(0, -Math.floorDiv(-(y0 - 1), 2)), ny1 = Math.min(last, Math.floorDiv(y1 + 1, 2));
            int nx0 = Math.max(0, -Math.floorDiv(-(x0 - 1), 2)), nx1 = Math.min(last, Math.floorDiv(x1 + 1, 2));
            convWindow(l, s.work[l], s.work[l + 1], ny0, ny1, nx0, nx1, s.acc);
            restore(l, s.work[l], base.act[l], y0, y1, x0, x1);
            y0 = ny0;
            y1 = ny1;
            x0 = nx0;
            x1 = nx1;
        }
        System.arraycopy(base.gi, 0, s.gi, 0, gates);
        float[] f = s.work[LAYERS], fb = base.act[LAYERS];
        int sz = sizes[LAYERS], ch = chans[LAYERS];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int o = (y * sz + x) * ch;
                for (int c = 0; c < ch; c++) {
                    float d = f[o + c] - fb[o + c];
                    if (d != 0f) {
                        addColumn(s.gi, d, c * sz * sz + y * sz + x);
                    }
                }
            }
        }
        restore(LAYERS, f, fb, y0, y1, x0, x1);
        return cellAndHeads(s.gi, base, s.hNext, s.cNext);
    }

    /** Copies the base values of an inclusive window back into a working activation. */
    private void restore(int layer, float[] work, float[] base, int y0, int y1, int x0, int x1) {
        int sz = sizes[layer], ch = chans[layer];
        int len = (x1 - x0 + 1) * ch;
        for (int y = y0; y <= y1; y++) {
            int o = (y * sz + x0) * ch;
            System.arraycopy(base, o, work, o, len);
        }
    }

    /** gi += d * column j of W_ih. */
    private void addColumn(float[] gi, float d, int j) {
        int o = j * gates;
        for (int g = 0; g < gates; g++) {
            gi[g] += weightIhT[o + g] * d;
        }
    }

    /**
     * Conv layer l (3x3, stride 2, padding 1) + ELU over the inclusive output window, reading the
     * input activation {@code in} (HWC) and writing into {@code out} (HWC).
     */
    private void convWindow(int l, float[] in, float[] out, int y0, int y1, int x0, int x1, float[] acc) {
        int si = sizes[l], so = sizes[l + 1], cin = chans[l], cout = chans[l + 1];
        float[] wt = convW[l], b = convB[l];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                System.arraycopy(b, 0, acc, 0, cout);
                for (int ky = 0; ky < 3; ky++) {
                    int iy = 2 * y + ky - 1;
                    if (iy < 0 || iy >= si) {
                        continue;
                    }
                    for (int kx = 0; kx < 3; kx++) {
                        int ix = 2 * x + kx - 1;
                        if (ix < 0 || ix >= si) {
                            continue;
                        }
                        int ab = (iy * si + ix) * cin;
                        int wb = (ky * 3 + kx) * cin * cout;
                        for (int c = 0; c < cin; c++) {
                            float v = in[ab + c];
                            int wo = wb + c * cout;
                            for (int o = 0; o < cout; o++) {
                                acc[o] += wt[wo + o] * v;
                            }
                        }
                    }
                }
                int ob = (y * so + x) * cout;
                for (int o = 0; o < cout; o++) {
                    out[ob + o] = FastMath.elu(acc[o]);
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
