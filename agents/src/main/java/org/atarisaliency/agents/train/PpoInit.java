package org.atarisaliency.agents.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * CleanRL's {@code layer_init} for the {@link PpoArch} networks: every weight orthogonal
 * ({@code torch.nn.init.orthogonal_}: Q of the QR of a Gaussian matrix, signs fixed by R's diagonal,
 * scaled by a gain), every bias 0. Gains: sqrt(2) for the trunk, 0.01 for the actor, 1 for the
 * critic and for the LSTM's two weight matrices ({@code ppo_atari_lstm}).
 *
 * <p>Tensor k (in {@link PpoArch#shapes} order) draws from its own RNG seeded by (seed, k), so the
 * weights depend on the seed and the tensor only. The draws are not PyTorch's (its RNG is not
 * reproduced); the distribution is.
 */
public final class PpoInit {
    /** The trunk's gain, {@code np.sqrt(2)}. */
    public static final double TRUNK_GAIN = Math.sqrt(2);
    /** The actor's gain ({@code std=0.01}). */
    public static final double ACTOR_GAIN = 0.01;
    /** The critic's and the LSTM weights' gain. */
    public static final double UNIT_GAIN = 1.0;

    private PpoInit() {
    }

    /** Fresh weights of {@code arch} for {@code actions} actions, by CleanRL's names in parameter order. */
    public static LinkedHashMap<String, float[]> cleanRl(PpoArch arch, int actions, long seed) {
        LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, int[]> e : arch.shapes(actions).entrySet()) {
            int[] shape = e.getValue();
            int rows = shape[0], cols = 1;
            for (int d = 1; d < shape.length; d++) {
                cols *= shape[d];
            }
            String name = e.getKey();
            out.put(name, shape.length == 1 ? new float[rows] : orthogonal(rows, cols, gain(name), new Random(seed * 1_000_003L + 0x9E3779B97F4A7C15L * (k + 1))));
            k++;
        }
        return out;
    }

    /** The gain CleanRL gives the weight {@code name}. */
    static double gain(String name) {
        if (name.startsWith("actor.")) {
            return ACTOR_GAIN;
        }
        return name.startsWith("critic.") || name.startsWith("lstm.") ? UNIT_GAIN : TRUNK_GAIN;
    }

    /**
     * A {@code rows} x {@code cols} matrix (row-major) with orthonormal rows (rows &lt;= cols) or
     * columns (otherwise), times {@code gain}: modified Gram-Schmidt, twice, over the columns of a
     * Gaussian max x min matrix, which is the QR's Q with R's diagonal made positive.
     */
    public static float[] orthogonal(int rows, int cols, double gain, Random rng) {
        int m = Math.max(rows, cols), k = Math.min(rows, cols);
        double[][] q = new double[k][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < k; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += q[p][i] * q[j][i];
                    }
                    for (int i = 0; i < m; i++) {
                        q[j][i] -= dot * q[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += q[j][i] * q[j][i];
            }
            double scale = 1 / Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                q[j][i] *= scale;
            }
        }
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = (float) (gain * (rows <= cols ? q[r][c] : q[c][r]));
            }
        }
        return w;
    }
}
