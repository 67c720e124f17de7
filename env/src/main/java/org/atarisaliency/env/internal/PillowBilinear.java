package org.atarisaliency.env.internal;

/**
 * Pillow-compatible BILINEAR resampling of 8-bit single-channel ("L") images, reproducing
 * Pillow's libImaging convolution resampler bit for bit: per-axis double coefficients of a
 * triangle filter widened by the reduction factor (antialiasing), renormalised where the
 * window is clipped by the image border, converted to fixed point with
 * {@link #PRECISION_BITS} fraction bits; two passes (horizontal then vertical, or the reverse
 * in the case described at {@link #verticalFirst}), each rounding (adds half) and clipping
 * to 0..255.
 *
 * <p>Written from a reading of Pillow's arithmetic (src/libImaging/Resample.c); no code was
 * copied. Internal API: may change without notice.
 */
public final class PillowBilinear {

    /** Fraction bits of the fixed-point coefficients: 32 - 8 - 2, as in Pillow. */
    public static final int PRECISION_BITS = 32 - 8 - 2;

    /** Fixed-point 1.0. */
    public static final int ONE = 1 << PRECISION_BITS;

    /** Rounding offset added before the shift (one half). */
    public static final int HALF = 1 << (PRECISION_BITS - 1);

    /** Support of the triangle filter at scale 1. */
    private static final double SUPPORT = 1.0;

    private PillowBilinear() {
    }

    /**
     * Resampling coefficients for one axis: output sample {@code i} is
     * {@code sum_{j<count(i)} in[start(i)+j] * kk[i*ksize+j]} in fixed point.
     */
    public static final class Coeffs {
        /** Stride of {@link #kk} per output sample (Pillow's ksize). */
        public final int ksize;
        /** Pairs (first input index, number of taps) per output sample. */
        public final int[] bounds;
        /** Fixed-point coefficients, {@code ksize} per output sample (unused taps are 0). */
        public final int[] kk;
        /** The double coefficients before the fixed-point conversion (same layout as kk). */
        public final double[] weights;

        Coeffs(int ksize, int[] bounds, int[] kk, double[] weights) {
            this.ksize = ksize;
            this.bounds = bounds;
            this.kk = kk;
            this.weights = weights;
        }

        public int start(int i) {
            return bounds[2 * i];
        }

        public int count(int i) {
            return bounds[2 * i + 1];
        }
    }

    /** Pillow's bilinear (triangle) filter. */
    static double triangle(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return 1.0 - x;
        }
        return 0.0;
    }

    /**
     * Coefficients mapping an axis of {@code inSize} samples to {@code outSize} samples,
     * for the whole source extent (Pillow's default box {@code (0, inSize)}).
     */
    public static Coeffs coefficients(int inSize, int outSize) {
        if (inSize <= 0 || outSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + inSize + " -> " + outSize);
        }
        // Pillow receives the box as floats: in0 = 0f, in1 = (float) inSize.
        float in0 = 0f;
        float in1 = inSize;
        double scale = (double) (in1 - in0) / outSize;
        double filterscale = scale < 1.0 ? 1.0 : scale;
        double support = SUPPORT * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        if (outSize > Integer.MAX_VALUE / (ksize * 8)) {
            throw new IllegalArgumentException("output too large");
        }
        double[] w = new double[outSize * ksize];
        int[] bounds = new int[outSize * 2];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = in0 + (xx + 0.5) * scale;
            double ww = 0.0;
            // (int) truncates toward zero, as the C cast does
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            int base = xx * ksize;
            for (int x = 0; x < xmax; x++) {
                double v = triangle((x + xmin - center + 0.5) * ss);
                w[base + x] = v;
                ww += v;
            }
            if (ww != 0.0) {
                for (int x = 0; x < xmax; x++) {
                    w[base + x] /= ww;
                }
            }
            bounds[2 * xx] = xmin;
            bounds[2 * xx + 1] = xmax;
        }
        int[] kk = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            kk[i] = v < 0 ? (int) (-0.5 + v * ONE) : (int) (0.5 + v * ONE);
        }
        return new Coeffs(ksize, bounds, kk, w);
    }

    /** Pillow's clip8: arithmetic shift then clamp to 0..255. */
    static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /**
     * Resizes a row-major 8-bit grey image {@code w x h} to {@code newW x newH} exactly as
     * Pillow's {@code Image.resize((newW, newH), BILINEAR)} on a mode 'L' image.
     */
    public static byte[] resize(byte[] grey, int w, int h, int newW, int newH) {
        if (w <= 0 || h <= 0 || newW <= 0 || newH <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + w + "x" + h + " -> " + newW + "x" + newH);
        }
        if ((long) w * h != grey.length) {
            throw new IllegalArgumentException("grey.length " + grey.length + " != " + w + "*" + h);
        }
        boolean needH = newW != w;
        boolean needV = newH != h;
        if (!needH && !needV) {
            return grey.clone();
        }
        Coeffs cv = coefficients(h, newH);
        if (needH && needV && verticalFirst(w, h, newW, newH)) {
            Coeffs ch = coefficients(w, newW);
            byte[] tmp = new byte[w * newH];
            vertical(grey, w, 0, cv, tmp, newH);
            byte[] out = new byte[newW * newH];
            horizontal(tmp, w, 0, newH, ch, out, newW);
            return out;
        }
        byte[] src = grey;
        int srcW = w;
        int rowOffset = 0; // first source row of src within the vertical bounds
        if (needH) {
            Coeffs ch = coefficients(w, newW);
            int first = cv.start(0);
            int last = cv.start(newH - 1) + cv.count(newH - 1);
            int rows = last - first;
            byte[] tmp = new byte[rows * newW];
            horizontal(grey, w, first, rows, ch, tmp, newW);
            src = tmp;
            srcW = newW;
            rowOffset = first;
        }
        if (!needV) {
            return src;
        }
        byte[] out = new byte[newW * newH];
        vertical(src, srcW, rowOffset, cv, out, newH);
        return out;
    }

    /**
     * Pass order when both axes change. Pillow runs the horizontal pass first, except (in
     * recent releases) when the height shrinks by more than twice as many pixels as the width
     * does: {@code newH < h && h - newH > 2 * (w - newW)}. This rule was inferred from
     * Pillow 13.0's output (thousands of size combinations, boundaries included), not read
     * from its source. The order matters because each pass rounds to 8 bits. Older Pillow
     * (the scipy.misc era) was always horizontal-first; the 160x160 to 80x80 resize of the
     * preprocessing is horizontal-first under both.
     */
    public static boolean verticalFirst(int w, int h, int newW, int newH) {
        return newH < h && (long) h - newH > 2L * ((long) w - newW);
    }

    /** Horizontal pass over rows [firstRow, firstRow+rows) of {@code in} into {@code out}. */
    static void horizontal(byte[] in, int inW, int firstRow, int rows, Coeffs c, byte[] out, int outW) {
        int ksize = c.ksize;
        int[] kk = c.kk;
        int[] bounds = c.bounds;
        for (int y = 0; y < rows; y++) {
            int rowIn = (y + firstRow) * inW;
            int rowOut = y * outW;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = bounds[2 * xx];
                int n = bounds[2 * xx + 1];
                int k = xx * ksize;
                int acc = HALF;
                for (int x = 0; x < n; x++) {
                    acc += (in[rowIn + xmin + x] & 0xff) * kk[k + x];
                }
                out[rowOut + xx] = (byte) clip8(acc);
            }
        }
    }

    /**
     * Vertical pass: {@code in} holds rows starting at source row {@code rowOffset};
     * writes {@code outH} rows of width {@code w} into {@code out}.
     */
    static void vertical(byte[] in, int w, int rowOffset, Coeffs c, byte[] out, int outH) {
        int ksize = c.ksize;
        int[] kk = c.kk;
        int[] bounds = c.bounds;
        for (int yy = 0; yy < outH; yy++) {
            int ymin = bounds[2 * yy] - rowOffset;
            int n = bounds[2 * yy + 1];
            int k = yy * ksize;
            int rowOut = yy * w;
            for (int xx = 0; xx < w; xx++) {
                int acc = HALF;
                for (int y = 0; y < n; y++) {
                    acc += (in[(ymin + y) * w + xx] & 0xff) * kk[k + y];
                }
                out[rowOut + xx] = (byte) clip8(acc);
            }
        }
    }
}
