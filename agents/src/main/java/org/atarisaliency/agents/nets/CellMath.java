package org.atarisaliency.agents.nets;

/**
 * The recurrent cell and the two heads on heap arrays, in PyTorch's gate conventions. Given the
 * input projection {@code gi = x W_ih^T + b_ih} and the hidden projection
 * {@code gh = h W_hh^T + b_hh} (both [N, G*H]) it computes the next state and the heads.
 * Public for the LSTM of the Stable-Baselines3 / CleanRL recurrent agents ({@code agents.sb3}).
 */
public final class CellMath {
    private CellMath() {
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /** GRU: r = s(gi_r+gh_r), z = s(gi_z+gh_z), n = tanh(gi_n + r*gh_n), h' = (1-z)*n + z*h. */
    static void gru(float[] gi, float[] gh, float[] h, float[] hOut, int n, int hidden) {
        int g = 3 * hidden;
        for (int i = 0; i < n; i++) {
            int o = i * g;
            for (int u = 0; u < hidden; u++) {
                float r = sigmoid(gi[o + u] + gh[o + u]);
                float z = sigmoid(gi[o + hidden + u] + gh[o + hidden + u]);
                float nn = (float) Math.tanh(gi[o + 2 * hidden + u] + r * gh[o + 2 * hidden + u]);
                float hp = h[i * hidden + u];
                hOut[i * hidden + u] = (1f - z) * nn + z * hp;
            }
        }
    }

    /** LSTM: gates i, f, g, o; c' = f*c + i*g; h' = o*tanh(c'). */
    public static void lstm(float[] gi, float[] gh, float[] c, float[] hOut, float[] cOut, int n, int hidden) {
        int g = 4 * hidden;
        for (int i = 0; i < n; i++) {
            int o = i * g;
            for (int u = 0; u < hidden; u++) {
                float ig = sigmoid(gi[o + u] + gh[o + u]);
                float fg = sigmoid(gi[o + hidden + u] + gh[o + hidden + u]);
                float gg = (float) Math.tanh(gi[o + 2 * hidden + u] + gh[o + 2 * hidden + u]);
                float og = sigmoid(gi[o + 3 * hidden + u] + gh[o + 3 * hidden + u]);
                float cn = fg * c[i * hidden + u] + ig * gg;
                cOut[i * hidden + u] = cn;
                hOut[i * hidden + u] = og * (float) Math.tanh(cn);
            }
        }
    }

    /** Critic values and actor logits from the new hidden state. */
    static void heads(ActorCriticWeights w, float[] h, int n, float[] values, float[] logits) {
        int hid = w.hidden();
        int a = w.actions();
        for (int i = 0; i < n; i++) {
            int ho = i * hid;
            float v = 0;
            for (int u = 0; u < hid; u++) {
                v += h[ho + u] * w.criticWeight()[u];
            }
            values[i] = v + w.criticBias();
            for (int k = 0; k < a; k++) {
                float s = 0;
                int wo = k * hid;
                for (int u = 0; u < hid; u++) {
                    s += h[ho + u] * w.actorWeight()[wo + u];
                }
                logits[i * a + k] = s + w.actorBias()[k];
            }
        }
    }

    /** out[N, G] = x[N, K] W[G, K]^T + b[G], with plain loops (used for small N). */
    static void linear(float[] x, float[] w, float[] b, float[] out, int n, int k, int g) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                float s = 0;
                int xo = i * k, wo = j * k;
                for (int t = 0; t < k; t++) {
                    s += x[xo + t] * w[wo + t];
                }
                out[i * g + j] = s + b[j];
            }
        }
    }
}
