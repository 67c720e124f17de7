package org.atarisaliency.saliency.metrics;

import java.util.Arrays;

/**
 * How alike two saliency maps are: Spearman rank correlation and SSIM.
 *
 * <p><b>Spearman</b>: the Pearson correlation of the two maps' ranks, tied values sharing their
 * average rank (as {@code scipy.stats.spearmanr}); NaN when either map is constant (a rank
 * correlation is undefined then).
 *
 * <p><b>SSIM</b> (Wang et al. 2004) as {@code skimage.metrics.structural_similarity} computes it
 * with its defaults for float images: a 7 x 7 uniform window ({@code scipy.ndimage.uniform_filter},
 * mode 'reflect'), K1 = 0.01, K2 = 0.03, sample covariances (N/(N-1), N = 49), and the mean of the
 * SSIM image after cropping the 3 pixels of each border that the window cannot cover. skimage
 * requires a data range for float images; we choose it as follows: each map is first divided by
 * its largest absolute value (a zero map stays zero), so a map of non-negative scores, which is
 * what every map here is, lies in [0, 1] and the data range is 1 (2 if either map has negative
 * values, then in [-1, 1]). Dividing by the maximum keeps "zero means no effect" and makes the
 * value independent of the maps' scales, which differ by orders of magnitude between a trained and
 * a randomised network. Computed in double (skimage would compute float32 inputs in float32).
 */
public final class MapSimilarity {
    /** SSIM window side. */
    public static final int WINDOW = 7;
    /** SSIM constants. */
    public static final double K1 = 0.01, K2 = 0.03;

    private MapSimilarity() {
    }

    /** Spearman rank correlation of two maps of the same length (NaN if either is constant). */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps differ in size: " + a.length + " vs " + b.length);
        }
        return pearson(ranks(a), ranks(b));
    }

    /** 1-based ranks, ties sharing the average of the ranks they span. */
    public static double[] ranks(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return ranks(d);
    }

    /** 1-based ranks, ties sharing the average of the ranks they span. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && Double.compare(v[idx[j + 1]], v[idx[i]]) == 0) {
                j++;
            }
            double avg = 0.5 * (i + j) + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    /** Pearson correlation (NaN if either variable is constant). */
    public static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }

    /** A copy of {@code m} divided by its largest absolute value (zeros stay zeros). */
    public static double[] normaliseByMax(float[] m) {
        double max = 0;
        for (float v : m) {
            max = Math.max(max, Math.abs(v));
        }
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = max > 0 ? m[i] / max : 0;
        }
        return out;
    }

    /** SSIM of two h x w maps after {@link #normaliseByMax}; data range 1 (2 with negative values). */
    public static double ssim(float[] a, float[] b, int h, int w) {
        double[] x = normaliseByMax(a), y = normaliseByMax(b);
        boolean signed = Arrays.stream(x).anyMatch(v -> v < 0) || Arrays.stream(y).anyMatch(v -> v < 0);
        return ssim(x, y, h, w, signed ? 2 : 1);
    }

    /** SSIM of two h x w images with the given data range, as skimage (see the class comment). */
    public static double ssim(double[] x, double[] y, int h, int w, double dataRange) {
        if (x.length != h * w || y.length != h * w) {
            throw new IllegalArgumentException("SSIM needs two " + h + "x" + w + " images, got " + x.length + " and " + y.length + " values");
        }
        if (h < WINDOW || w < WINDOW) {
            throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + ", got " + h + "x" + w);
        }
        int np = WINDOW * WINDOW;
        double covNorm = np / (np - 1.0);
        double[] xx = new double[x.length], yy = new double[x.length], xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = uniform(x, h, w), uy = uniform(y, h, w);
        double[] uxx = uniform(xx, h, w), uyy = uniform(yy, h, w), uxy = uniform(xy, h, w);
        double c1 = (K1 * dataRange) * (K1 * dataRange), c2 = (K2 * dataRange) * (K2 * dataRange);
        int pad = (WINDOW - 1) / 2;
        double sum = 0;
        int count = 0;
        for (int r = pad; r < h - pad; r++) {
            for (int c = pad; c < w - pad; c++) {
                int i = r * w + c;
                double vx = covNorm * (uxx[i] - ux[i] * ux[i]);
                double vy = covNorm * (uyy[i] - uy[i] * uy[i]);
                double vxy = covNorm * (uxy[i] - ux[i] * uy[i]);
                double a1 = 2 * ux[i] * uy[i] + c1, a2 = 2 * vxy + c2;
                double b1 = ux[i] * ux[i] + uy[i] * uy[i] + c1, b2 = vx + vy + c2;
                sum += a1 * a2 / (b1 * b2);
                count++;
            }
        }
        return sum / count;
    }

    /** Mean over a WINDOW x WINDOW neighbourhood, 'reflect' boundary (d c b a | a b c d | d c b a). */
    static double[] uniform(double[] img, int h, int w) {
        int r = WINDOW / 2;
        double[] tmp = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += img[reflect(y + t, h) * w + x];
                }
                tmp[y * w + x] = s / WINDOW;
            }
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    s += tmp[y * w + reflect(x + t, w)];
                }
                out[y * w + x] = s / WINDOW;
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j - 1;
    }
}
