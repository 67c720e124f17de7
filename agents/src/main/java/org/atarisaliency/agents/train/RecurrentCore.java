package org.atarisaliency.agents.train;

import java.util.Arrays;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.FastMath;
import org.atarisaliency.agents.nets.RecurrentCell;

/**
 * The recurrent cell (GRU or LSTM, PyTorch's gate order) and the two heads over T+1 steps of N
 * agents, forward and backward through time. Rows are indexed by sample {@code s = t*N + i}
 * (time-major, as in {@link Batch}); the state fed to step t+1 is zeroed where step t ended an
 * episode. The input projections of all steps are one matrix product ({@link #project}), as are
 * the feature and weight gradients ({@link #featureGradient}, {@link #weightGradient}); the
 * sequential part is the hidden projection and the cell of each step.
 */
final class RecurrentCore {
    private final RecurrentCell cell;
    private final int hid;
    private final int g;
    private final int actions;
    private final int flat;
    private float[][] wihT;
    private float[][] wih;
    private float[][] whhT;
    private float[][] whh;
    private float[] bih;
    private float[] bhh;
    private float[] actorW;
    private float[] actorB;
    private float[] criticW;
    private float criticB;

    /** Per-sample rows: features, projections, gate activations, states in and out. */
    final float[][] feat;
    private final float[][] gi;
    private final float[][] gh;
    private final float[][] gate;
    private final float[][] hIn;
    private final float[][] hOut;
    private final float[][] cIn;
    private final float[][] cOut;
    private final float[][] dgi;
    private final float[][] dgh;
    final float[][] dFeat;
    /** Outputs of the forward pass: logits [B*A] and values [B]. */
    final float[] logits;
    final float[] values;
    /** Head gradients of the last backward pass. */
    private final float[] dActorW;
    private final float[] dActorB;
    private final float[] dCriticW;
    private float dCriticB;

    RecurrentCore(ActorCriticWeights w, int samples) {
        this(w.cell(), w.flatSize(), w.hidden(), w.actions(), samples);
        setWeights(w);
    }

    /** Buffers for {@code samples} rows of a cell over {@code flat} features with {@code actions} actions; set the weights before use. */
    RecurrentCore(RecurrentCell cell, int flat, int hidden, int actions, int samples) {
        this.cell = cell;
        this.hid = hidden;
        this.g = cell.gates() * hid;
        this.actions = actions;
        this.flat = flat;
        feat = new float[samples][flat];
        gi = new float[samples][g];
        gh = new float[samples][g];
        gate = new float[samples][g];
        hIn = new float[samples][hid];
        hOut = new float[samples][hid];
        boolean lstm = cell == RecurrentCell.LSTM;
        cIn = lstm ? new float[samples][hid] : null;
        cOut = lstm ? new float[samples][hid] : null;
        dgi = new float[samples][g];
        dgh = new float[samples][g];
        dFeat = new float[samples][flat];
        logits = new float[samples * actions];
        values = new float[samples];
        dActorW = new float[actions * hid];
        dActorB = new float[actions];
        dCriticW = new float[hid];
    }

    /** The cell's new state h of sample s after {@link #forward}. */
    float[] hOut(int s) {
        return hOut[s];
    }

    /** The LSTM's new cell state c of sample s after {@link #forward} (null for a GRU). */
    float[] cOut(int s) {
        return cOut == null ? null : cOut[s];
    }

    /** Samples the buffers hold. */
    int capacity() {
        return values.length;
    }

    /** Takes new cell and head weights. */
    void setWeights(ActorCriticWeights w) {
        setWeights(w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), w.actorWeight(), w.actorBias(), w.criticWeight(), w.criticBias());
    }

    /** Takes new cell and head weights (PyTorch layouts; copied). */
    void setWeights(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh, float[] actorWeight, float[] actorBias,
                    float[] criticWeight, float criticBias) {
        wih = Kernels.rows(weightIh, g, flat);
        wihT = new float[flat][g];
        Kernels.transpose(wih, 0, 0, wihT, 0, 0, g, flat);
        whh = Kernels.rows(weightHh, g, hid);
        whhT = new float[hid][g];
        Kernels.transpose(whh, 0, 0, whhT, 0, 0, g, hid);
        bih = biasIh.clone();
        bhh = biasHh.clone();
        actorW = actorWeight.clone();
        actorB = actorBias.clone();
        criticW = criticWeight.clone();
        criticB = criticBias;
    }

    /** Input projections {@code gi = feat W_ih^T + b_ih} of samples [s0, s1). */
    void project(int s0, int s1) {
        Kernels.gemm(feat, s0, 0, wihT, 0, gi, s0, s1 - s0, flat, g, false);
        for (int s = s0; s < s1; s++) {
            float[] r = gi[s];
            for (int j = 0; j < g; j++) {
                r[j] += bih[j];
            }
        }
    }

    /**
     * Steps the cell through t = 0..steps from {@code start} ([N*H] parts) and computes the heads
     * of every step; the projections must be done.
     */
    void forward(int envs, int steps, float[] startH, float[] startC, boolean[] dones) {
        for (int i = 0; i < envs; i++) {
            System.arraycopy(startH, i * hid, hIn[i], 0, hid);
            if (cIn != null) {
                System.arraycopy(startC, i * hid, cIn[i], 0, hid);
            }
        }
        for (int t = 0; t <= steps; t++) {
            int s0 = t * envs;
            Kernels.gemm(hIn, s0, 0, whhT, 0, gh, s0, envs, hid, g, false);
            for (int s = s0; s < s0 + envs; s++) {
                if (cell == RecurrentCell.GRU) {
                    gruForward(s);
                } else {
                    lstmForward(s);
                }
                heads(s);
                if (t < steps) {
                    boolean done = dones[s];
                    float[] next = hIn[s + envs];
                    if (done) {
                        Arrays.fill(next, 0f);
                    } else {
                        System.arraycopy(hOut[s], 0, next, 0, hid);
                    }
                    if (cIn != null) {
                        if (done) {
                            Arrays.fill(cIn[s + envs], 0f);
                        } else {
                            System.arraycopy(cOut[s], 0, cIn[s + envs], 0, hid);
                        }
                    }
                }
            }
        }
    }

    private void gruForward(int s) {
        float[] a = gi[s], b = gh[s], z = gate[s], h = hIn[s], out = hOut[s];
        for (int u = 0; u < hid; u++) {
            b[u] += bhh[u];
            b[hid + u] += bhh[hid + u];
            b[2 * hid + u] += bhh[2 * hid + u];
            float r = FastMath.sigmoid(a[u] + b[u]);
            float zz = FastMath.sigmoid(a[hid + u] + b[hid + u]);
            float n = FastMath.tanh(a[2 * hid + u] + r * b[2 * hid + u]);
            z[u] = r;
            z[hid + u] = zz;
            z[2 * hid + u] = n;
            out[u] = (1f - zz) * n + zz * h[u];
        }
    }

    private void lstmForward(int s) {
        float[] a = gi[s], b = gh[s], z = gate[s], c = cIn[s], out = hOut[s], cn = cOut[s];
        for (int u = 0; u < hid; u++) {
            float ig = FastMath.sigmoid(a[u] + b[u] + bhh[u]);
            float fg = FastMath.sigmoid(a[hid + u] + b[hid + u] + bhh[hid + u]);
            float gg = FastMath.tanh(a[2 * hid + u] + b[2 * hid + u] + bhh[2 * hid + u]);
            float og = FastMath.sigmoid(a[3 * hid + u] + b[3 * hid + u] + bhh[3 * hid + u]);
            z[u] = ig;
            z[hid + u] = fg;
            z[2 * hid + u] = gg;
            z[3 * hid + u] = og;
            float cc = fg * c[u] + ig * gg;
            cn[u] = cc;
            out[u] = og * FastMath.tanh(cc);
        }
    }

    private void heads(int s) {
        float[] h = hOut[s];
        float v = 0;
        for (int u = 0; u < hid; u++) {
            v = Math.fma(criticW[u], h[u], v);
        }
        values[s] = v + criticB;
        for (int k = 0; k < actions; k++) {
            float acc = 0;
            for (int u = 0, o = k * hid; u < hid; u++) {
                acc = Math.fma(actorW[o + u], h[u], acc);
            }
            logits[s * actions + k] = acc + actorB[k];
        }
    }

    /**
     * Backward through time over steps 0..steps-1 from the loss gradients of the logits and values
     * ([steps*N*A] and [steps*N]): the projection gradients of every sample (for
     * {@link #featureGradient} and {@link #weightGradient}) and the head gradients. Nothing flows
     * into the start state, nor through step {@code steps} (its value is a constant bootstrap).
     */
    void backward(int envs, int steps, boolean[] dones, float[] dLogits, float[] dValues) {
        float[][] carryH = new float[envs][hid], dhPrev = new float[envs][hid];
        float[][] carryC = cIn == null ? null : new float[envs][hid];
        float[] dh = new float[hid];
        for (int t = steps - 1; t >= 0; t--) {
            int s0 = t * envs;
            for (int i = 0; i < envs; i++) {
                int s = s0 + i;
                float dv = dValues[s];
                for (int u = 0; u < hid; u++) {
                    float d = Math.fma(criticW[u], dv, carryH[i][u]);
                    for (int k = 0; k < actions; k++) {
                        d = Math.fma(actorW[k * hid + u], dLogits[s * actions + k], d);
                    }
                    dh[u] = d;
                }
                if (cell == RecurrentCell.GRU) {
                    gruBackward(s, dh, dhPrev[i]);
                } else {
                    lstmBackward(s, dh, carryC[i], dhPrev[i]);
                }
            }
            Kernels.gemm(dgh, s0, 0, whh, 0, dhPrev, 0, envs, g, hid, true);
            for (int i = 0; i < envs; i++) {
                boolean cut = t == 0 || dones[s0 - envs + i];
                if (cut) {
                    Arrays.fill(carryH[i], 0f);
                } else {
                    System.arraycopy(dhPrev[i], 0, carryH[i], 0, hid);
                }
                if (carryC != null && cut) {
                    Arrays.fill(carryC[i], 0f);
                }
            }
        }
        headGradients(envs * steps, dLogits, dValues);
    }

    /** GRU backward of sample s: dgi, dgh, and the direct part z * dh of dh_prev (into dPrev). */
    private void gruBackward(int s, float[] dh, float[] dPrev) {
        float[] z = gate[s], b = gh[s], h = hIn[s], di = dgi[s], dg = dgh[s];
        for (int u = 0; u < hid; u++) {
            float r = z[u], zz = z[hid + u], n = z[2 * hid + u], d = dh[u];
            float dan = d * (1f - zz) * (1f - n * n);
            float daz = d * (h[u] - n) * zz * (1f - zz);
            float dar = dan * b[2 * hid + u] * r * (1f - r);
            di[u] = dar;
            di[hid + u] = daz;
            di[2 * hid + u] = dan;
            dg[u] = dar;
            dg[hid + u] = daz;
            dg[2 * hid + u] = dan * r;
            dPrev[u] = d * zz;
        }
    }

    /**
     * LSTM backward of sample s: dgi = dgh (the gates see their sum), dc_prev into {@code dc}
     * (which holds the carried dc of this step on entry), and zero as the direct part of dh_prev.
     */
    private void lstmBackward(int s, float[] dh, float[] dc, float[] dPrev) {
        float[] z = gate[s], c = cIn[s], cn = cOut[s], di = dgi[s], dg = dgh[s];
        for (int u = 0; u < hid; u++) {
            float ig = z[u], fg = z[hid + u], gg = z[2 * hid + u], og = z[3 * hid + u];
            float tc = FastMath.tanh(cn[u]);
            float dcc = dc[u] + dh[u] * og * (1f - tc * tc);
            float dai = dcc * gg * ig * (1f - ig);
            float daf = dcc * c[u] * fg * (1f - fg);
            float dag = dcc * ig * (1f - gg * gg);
            float dao = dh[u] * tc * og * (1f - og);
            di[u] = dg[u] = dai;
            di[hid + u] = dg[hid + u] = daf;
            di[2 * hid + u] = dg[2 * hid + u] = dag;
            di[3 * hid + u] = dg[3 * hid + u] = dao;
            dc[u] = dcc * fg;
            dPrev[u] = 0f;
        }
    }

    private void headGradients(int samples, float[] dLogits, float[] dValues) {
        Arrays.fill(dActorW, 0f);
        Arrays.fill(dCriticW, 0f);
        double[] dab = new double[actions];
        double dcb = 0;
        for (int s = 0; s < samples; s++) {
            float[] h = hOut[s];
            float dv = dValues[s];
            for (int u = 0; u < hid; u++) {
                dCriticW[u] = Math.fma(dv, h[u], dCriticW[u]);
            }
            dcb += dv;
            for (int k = 0; k < actions; k++) {
                float dl = dLogits[s * actions + k];
                for (int u = 0, o = k * hid; u < hid; u++) {
                    dActorW[o + u] = Math.fma(dl, h[u], dActorW[o + u]);
                }
                dab[k] += dl;
            }
        }
        for (int k = 0; k < actions; k++) {
            dActorB[k] = (float) dab[k];
        }
        dCriticB = (float) dcb;
    }

    /** Feature gradients {@code dFeat = dgi W_ih} of samples [s0, s1). */
    void featureGradient(int s0, int s1) {
        Kernels.gemm(dgi, s0, 0, wih, 0, dFeat, s0, s1 - s0, g, flat, false);
    }

    /**
     * Gate rows [g0, g1) of the weight gradients over the first {@code samples} samples:
     * {@code dW_ih = dgi^T feat} and {@code dW_hh = dgh^T h_in}, written into the flat
     * PyTorch-layout arrays; {@code scratch} holds at least {@code samples} floats per row.
     */
    void weightGradient(int g0, int g1, int samples, float[][] scratch, float[] dWih, float[] dWhh) {
        float[][] out = new float[g1 - g0][];
        Kernels.transpose(dgi, 0, g0, scratch, 0, 0, samples, g1 - g0);
        for (int j = 0; j < out.length; j++) {
            out[j] = new float[flat];
        }
        Kernels.gemm(scratch, 0, 0, feat, 0, out, 0, g1 - g0, samples, flat, false);
        for (int j = 0; j < out.length; j++) {
            System.arraycopy(out[j], 0, dWih, (g0 + j) * flat, flat);
            out[j] = new float[hid];
        }
        Kernels.transpose(dgh, 0, g0, scratch, 0, 0, samples, g1 - g0);
        Kernels.gemm(scratch, 0, 0, hIn, 0, out, 0, g1 - g0, samples, hid, false);
        for (int j = 0; j < out.length; j++) {
            System.arraycopy(out[j], 0, dWhh, (g0 + j) * hid, hid);
        }
    }

    /** Bias gradients of the cell (sums of dgi and dgh over the first {@code samples} samples), in sample order. */
    void biasGradients(int samples, float[] dBih, float[] dBhh) {
        double[] a = new double[g], b = new double[g];
        Kernels.sumRows(dgi, 0, samples, 0, g, a);
        Kernels.sumRows(dgh, 0, samples, 0, g, b);
        for (int j = 0; j < g; j++) {
            dBih[j] = (float) a[j];
            dBhh[j] = (float) b[j];
        }
    }

    /** Head gradients of the last backward pass into the given arrays. */
    void headGradients(float[] dAw, float[] dAb, float[] dCw, float[] dCb) {
        System.arraycopy(dActorW, 0, dAw, 0, dAw.length);
        System.arraycopy(dActorB, 0, dAb, 0, dAb.length);
        System.arraycopy(dCriticW, 0, dCw, 0, dCw.length);
        dCb[0] = dCriticB;
    }

    /** Gate rows: G = gates * hidden. */
    int gateRows() {
        return g;
    }
}
