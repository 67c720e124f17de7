package org.atarisaliency.saliency.internal;

/**
 * 2-D Gaussian filter with the semantics of {@code scipy.ndimage.gaussian_filter(x, sigma)}:
 * separable correlation along axis 0 then axis 1, kernel radius {@code int(truncate*sigma + 0.5)},
 * weights {@code exp(-x^2 / (2 sigma^2))} normalised to sum 1, boundary mode {@code 'reflect'}
 * (half-sample symmetric: d c b a | a b c d | d c b a). Computed in double.
 */
public final class GaussianFilter {
    private GaussianFilter() {
    }

    /** The normalised 1-D kernel (length 2*radius+1). */
    public static double[] kernel(double sigma, double truncate) {
        int radius = (int) (truncate * sigma + 0.5);
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = Math.exp(-0.5 / (sigma * sigma) * i * i);
            w[i + radius] = v;
            sum += v;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /** Index of sample {@code i} under scipy's 'reflect' extension of an axis of length n. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j - 1;
    }

    /** Filters an h x w row-major image (truncate 4.0). */
    public static double[] filter(double[] img, int h, int w, double sigma) {
        if (sigma <= 0) {
            return img.clone();
        }
        double[] k = kernel(sigma, 4.0);
        int r = k.length / 2;
        // axis 0: each column, reflected into a padded line once
        double[] line = new double[Math.max(h, w) + 2 * r];
        double[] tmp = new double[h * w];
        for (int x = 0; x < w; x++) {
            for (int i = -r; i < h + r; i++) {
                line[i + r] = img[reflect(i, h) * w + x];
            }
            for (int y = 0; y < h; y++) {
                double s = 0;
                for (int t = 0; t < k.length; t++) {
                    s += k[t] * line[y + t];
                }
                tmp[y * w + x] = s;
            }
        }
        double[] out = new double[h * w];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int i = -r; i < w + r; i++) {
                line[i + r] = tmp[row + reflect(i, w)];
            }
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int t = 0; t < k.length; t++) {
                    s += k[t] * line[x + t];
                }
                out[row + x] = s;
            }
        }
        return out;
    }

    /** Filters a float image, as scipy does for a float32 input (the result rounded to float). */
    public static float[] filter(float[] img, int h, int w, double sigma) {
        double[] d = new double[img.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = img[i];
        }
        double[] o = filter(d, h, w, sigma);
        float[] out = new float[o.length];
        for (int i = 0; i < o.length; i++) {
            out[i] = (float) o[i];
        }
        return out;
    }
}
