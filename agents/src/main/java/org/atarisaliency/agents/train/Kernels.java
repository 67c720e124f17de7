package org.atarisaliency.agents.train;

import java.util.Arrays;

/**
 * The learner's dense loops on heap arrays, written so that the JIT turns the inner loops into
 * SIMD code: matrices are arrays of rows (distinct arrays, so that the compiler sees no aliasing),
 * and every inner loop runs along a row. Results depend only on the arguments (fixed summation
 * order), never on timing.
 */
final class Kernels {
    private Kernels() {
    }

    /**
     * {@code c[cRow+m][j] (+)= sum_k a[aRow+m][aOff+k] * b[bRow+k][j]} for m < mn, k < kn,
     * j < n, summed in order of k with fused multiply-adds. With {@code accumulate} false, c is
     * overwritten. The rows of c must be distinct from those of b.
     *
     * <p>The inner loop updates four rows of c from two rows of b (each c value loaded and stored
     * once per two multiply-adds, each b value used four times): about 60 GFLOP/s on one core
     * here, against 35 for one row of b and 14 for three or four, which the JIT leaves scalar. It
     * indexes b and c from 0: with a variable offset the JIT cannot rule out overlap and leaves
     * the loop scalar (about 5x slower).
     */
    static void gemm(float[][] a, int aRow, int aOff, float[][] b, int bRow, float[][] c, int cRow,
                     int mn, int kn, int n, boolean accumulate) {
        int m = 0;
        for (; m + 4 <= mn; m += 4) {
            float[] c0 = c[cRow + m], c1 = c[cRow + m + 1], c2 = c[cRow + m + 2], c3 = c[cRow + m + 3];
            float[] a0 = a[aRow + m], a1 = a[aRow + m + 1], a2 = a[aRow + m + 2], a3 = a[aRow + m + 3];
            if (!accumulate) {
                Arrays.fill(c0, 0, n, 0f);
                Arrays.fill(c1, 0, n, 0f);
                Arrays.fill(c2, 0, n, 0f);
                Arrays.fill(c3, 0, n, 0f);
            }
            int k = 0;
            for (; k + 2 <= kn; k += 2) {
                int o = aOff + k;
                float x0 = a0[o], x1 = a1[o], x2 = a2[o], x3 = a3[o];
                float y0 = a0[o + 1], y1 = a1[o + 1], y2 = a2[o + 1], y3 = a3[o + 1];
                float[] bk = b[bRow + k], bl = b[bRow + k + 1];
                for (int j = 0; j < n; j++) {
                    float v = bk[j], u = bl[j];
                    c0[j] = Math.fma(y0, u, Math.fma(x0, v, c0[j]));
                    c1[j] = Math.fma(y1, u, Math.fma(x1, v, c1[j]));
                    c2[j] = Math.fma(y2, u, Math.fma(x2, v, c2[j]));
                    c3[j] = Math.fma(y3, u, Math.fma(x3, v, c3[j]));
                }
            }
            if (k < kn) {
                float x0 = a0[aOff + k], x1 = a1[aOff + k], x2 = a2[aOff + k], x3 = a3[aOff + k];
                float[] bk = b[bRow + k];
                for (int j = 0; j < n; j++) {
                    float v = bk[j];
                    c0[j] = Math.fma(x0, v, c0[j]);
                    c1[j] = Math.fma(x1, v, c1[j]);
                    c2[j] = Math.fma(x2, v, c2[j]);
                    c3[j] = Math.fma(x3, v, c3[j]);
                }
            }
        }
        for (; m < mn; m++) {
            float[] c0 = c[cRow + m], a0 = a[aRow + m];
            if (!accumulate) {
                Arrays.fill(c0, 0, n, 0f);
            }
            for (int k = 0; k < kn; k++) {
                float x0 = a0[aOff + k];
                float[] bk = b[bRow + k];
                for (int j = 0; j < n; j++) {
                    c0[j] = Math.fma(x0, bk[j], c0[j]);
                }
            }
        }
    }

    /** {@code acc[j] = fma(x[j], y[j], acc[j])} for j < n. */
    static void fmaInto(float[] acc, float[] x, float[] y, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] = Math.fma(x[j], y[j], acc[j]);
        }
    }

    /** {@code acc[j] += x[j]} for j < n. */
    static void addInto(float[] acc, float[] x, int n) {
        for (int j = 0; j < n; j++) {
            acc[j] += x[j];
        }
    }

    /** {@code dst[dRow+j][dOff+i] = src[sRow+i][sOff+j]} for i < rows, j < cols. */
    static void transpose(float[][] src, int sRow, int sOff, float[][] dst, int dRow, int dOff, int rows, int cols) {
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j = 0; j < cols; j++) {
                float[] d = dst[dRow + j];
                for (int i = i0; i < i1; i++) {
                    d[dOff + i] = src[sRow + i][sOff + j];
                }
            }
        }
    }

    /** Splits a row-major [rows, cols] array into an array of rows (copies). */
    static float[][] rows(float[] flat, int rows, int cols) {
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return out;
    }

    /** Copies an array of rows into a row-major flat array. */
    static void flatten(float[][] rows, int cols, float[] flat) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
    }

    /** Sum over the rows, as double, in order: {@code out[j] += sum_i a[row0+i][off+j]}. */
    static void sumRows(float[][] a, int row0, int rows, int off, int n, double[] out) {
        for (int i = 0; i < rows; i++) {
            float[] r = a[row0 + i];
            for (int j = 0; j < n; j++) {
                out[j] += r[off + j];
            }
        }
    }
}
