package org.atarisaliency.agents.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;

/**
 * A plain, separate double-precision forward of the A2C loss for tests: direct convolution loops,
 * the cell in PyTorch's equations, the heads, and the loss with given (constant) advantages and
 * returns, or the imitation loss (cross-entropy to given labels). Parameters are double arrays by
 * PyTorch tensor name.
 */
final class ReferenceA2c {
    /** Logits [(T+1)*N*A] and values [(T+1)*N]. */
    record Out(double[] logits, double[] values) {
    }

    private ReferenceA2c() {
    }

    /** The tensors of {@code w} as doubles, by PyTorch name. */
    static Map<String, double[]> params(ActorCriticWeights w) {
        Map<String, double[]> p = new LinkedHashMap<>();
        Parameters ps = new Parameters(w);
        for (int i = 0; i < ps.names().size(); i++) {
            float[] t = ps.tensors().get(i);
            double[] d = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                d[j] = t[j];
            }
            p.put(ps.names().get(i), d);
        }
        return p;
    }

    /** Flattened conv features [(T+1)*N][800] of every observation. */
    static double[][] features(Map<String, double[]> p, ActorCriticWeights shape, Batch b) {
        int count = (b.steps() + 1) * b.envs();
        double[][] out = new double[count][];
        int c0 = shape.inputChannels(), s0 = shape.inputSize();
        for (int k = 0; k < count; k++) {
            double[] x = new double[c0 * s0 * s0];
            for (int i = 0; i < x.length; i++) {
                x[i] = b.observations()[k * x.length + i];
            }
            int c = c0, s = s0;
            for (int l = 1; l <= ActorCriticWeights.CONV_LAYERS; l++) {
                double[] w = p.get("conv" + l + ".weight"), bias = p.get("conv" + l + ".bias");
                int co = bias.length, so = (s - 1) / 2 + 1;
                double[] y = new double[co * so * so];
                for (int o = 0; o < co; o++) {
                    for (int oy = 0; oy < so; oy++) {
                        for (int ox = 0; ox < so; ox++) {
                            double acc = bias[o];
                            for (int ci = 0; ci < c; ci++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    int iy = 2 * oy + ky - 1;
                                    for (int kx = 0; kx < 3; kx++) {
                                        int ix = 2 * ox + kx - 1;
                                        if (iy >= 0 && iy < s && ix >= 0 && ix < s) {
                                            acc += w[((o * c + ci) * 3 + ky) * 3 + kx] * x[(ci * s + iy) * s + ix];
                                        }
                                    }
                                }
                            }
                            y[(o * so + oy) * so + ox] = acc > 0 ? acc : Math.expm1(acc);
                        }
                    }
                }
                x = y;
                c = co;
                s = so;
            }
            out[k] = x;
        }
        return out;
    }

    /** The cell through time and the heads, from the features. */
    static Out recurrent(Map<String, double[]> p, ActorCriticWeights shape, Batch b, double[][] feat) {
        RecurrentCell cell = shape.cell();
        String pre = cell.prefix();
        double[] wih = p.get(pre + ".weight_ih"), whh = p.get(pre + ".weight_hh"), bih = p.get(pre + ".bias_ih"), bhh = p.get(pre + ".bias_hh");
        double[] cw = p.get("critic_linear.weight"), cb = p.get("critic_linear.bias"), aw = p.get("actor_linear.weight"), ab = p.get("actor_linear.bias");
        int n = b.envs(), hid = shape.hidden(), a = shape.actions(), g = cell.gates() * hid, flat = feat[0].length;
        double[][] h = new double[n][hid], c = new double[n][hid];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < hid; u++) {
                h[i][u] = b.start().part("h")[i * hid + u];
                c[i][u] = cell == RecurrentCell.LSTM ? b.start().part("c")[i * hid + u] : 0;
            }
        }
        double[] logits = new double[(b.steps() + 1) * n * a], values = new double[(b.steps() + 1) * n];
        for (int t = 0; t <= b.steps(); t++) {
            for (int i = 0; i < n; i++) {
                int s = t * n + i;
                double[] gi = new double[g], gh = new double[g];
                for (int j = 0; j < g; j++) {
                    double x = bih[j], y = bhh[j];
                    for (int k = 0; k < flat; k++) {
                        x += wih[j * flat + k] * feat[s][k];
                    }
                    for (int k = 0; k < hid; k++) {
                        y += whh[j * hid + k] * h[i][k];
                    }
                    gi[j] = x;
                    gh[j] = y;
                }
                double[] hn = new double[hid];
                for (int u = 0; u < hid; u++) {
                    if (cell == RecurrentCell.GRU) {
                        double r = sig(gi[u] + gh[u]), z = sig(gi[hid + u] + gh[hid + u]);
                        double nn = Math.tanh(gi[2 * hid + u] + r * gh[2 * hid + u]);
                        hn[u] = (1 - z) * nn + z * h[i][u];
                    } else {
                        double ig = sig(gi[u] + gh[u]), fg = sig(gi[hid + u] + gh[hid + u]);
                        double gg = Math.tanh(gi[2 * hid + u] + gh[2 * hid + u]), og = sig(gi[3 * hid + u] + gh[3 * hid + u]);
                        c[i][u] = fg * c[i][u] + ig * gg;
                        hn[u] = og * Math.tanh(c[i][u]);
                    }
                }
                double v = cb[0];
                for (int u = 0; u < hid; u++) {
                    v += cw[u] * hn[u];
                }
                values[s] = v;
                for (int k = 0; k < a; k++) {
                    double l = ab[k];
                    for (int u = 0; u < hid; u++) {
                        l += aw[k * hid + u] * hn[u];
                    }
                    logits[s * a + k] = l;
                }
                boolean done = t < b.steps() && b.dones()[s];
                for (int u = 0; u < hid; u++) {
                    h[i][u] = done ? 0 : hn[u];
                    if (done) {
                        c[i][u] = 0;
                    }
                }
            }
        }
        return new Out(logits, values);
    }

    /** GAE advantages [T*N] from values [(T+1)*N]. */
    static double[] advantages(A2cConfig cfg, Batch b, double[] values) {
        int n = b.envs();
        double[] adv = new double[n * b.steps()];
        for (int i = 0; i < n; i++) {
            double next = 0;
            for (int t = b.steps() - 1; t >= 0; t--) {
                int s = t * n + i;
                double keep = b.dones()[s] ? 0 : 1;
                next = b.rewards()[s] + cfg.gamma() * values[s + n] * keep - values[s] + cfg.gamma() * cfg.gaeLambda() * keep * next;
                adv[s] = next;
            }
        }
        return adv;
    }

    /** The loss with constant advantages and returns. */
    static double loss(A2cConfig cfg, Batch b, int actions, Out o, double[] adv, double[] ret) {
        int m = b.envs() * b.steps();
        double sum = 0;
        for (int s = 0; s < m; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < actions; k++) {
                max = Math.max(max, o.logits()[s * actions + k]);
            }
            double z = 0;
            for (int k = 0; k < actions; k++) {
                z += Math.exp(o.logits()[s * actions + k] - max);
            }
            double lse = max + Math.log(z), h = 0;
            for (int k = 0; k < actions; k++) {
                double lp = o.logits()[s * actions + k] - lse;
                h -= Math.exp(lp) * lp;
            }
            double lpa = o.logits()[s * actions + b.actions()[s]] - lse, d = ret[s] - o.values()[s];
            sum += -lpa * adv[s] + cfg.valueCoef() * 0.5 * d * d - cfg.entropyCoef() * h;
        }
        return sum / m;
    }

    /** log pi(a_t | s_t) of the batch's actions, [T*N]. */
    static double[] logProbs(Batch b, int actions, Out o) {
        return logProbs(b.actions(), actions, o);
    }

    /** log pi(y_s | s) of the first {@code labels.length} samples. */
    static double[] logProbs(int[] labels, int actions, Out o) {
        double[] out = new double[labels.length];
        for (int s = 0; s < out.length; s++) {
            double max = Double.NEGATIVE_INFINITY, z = 0;
            for (int k = 0; k < actions; k++) {
                max = Math.max(max, o.logits()[s * actions + k]);
            }
            for (int k = 0; k < actions; k++) {
                z += Math.exp(o.logits()[s * actions + k] - max);
            }
            out[s] = o.logits()[s * actions + labels[s]] - max - Math.log(z);
        }
        return out;
    }

    /** The imitation loss: mean -log pi(label | s) over the T*N samples. */
    static double crossEntropy(int[] labels, int actions, Out o) {
        double sum = 0;
        for (double lp : logProbs(labels, actions, o)) {
            sum -= lp;
        }
        return sum / labels.length;
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
