package org.atarisaliency.agents.rl4j;

import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.Preprocessing;

/**
 * RL4J's Atari pixel pipeline ({@code HistoryProcessor.transform}) for one ALE screen: OpenCV
 * {@code cvtColor(RGB2GRAY)}, {@code resize} to the rescaled size with OpenCV's default
 * {@code INTER_LINEAR}, the crop window, the cast to uint8, and the {@code 1/255} scale RL4J
 * applies to the stacked history before the network. Output: 1 x S x S floats, S the crop side.
 *
 * <p><b>Exact</b> (re-implemented from OpenCV's and RL4J's code; bit-exact against
 * opencv-python 4.14 on x86-64 with AVX2, on 24 real ALE frames of six games and on the synthetic
 * frames of Rl4jPreprocessorTest, for several configurations): the grey conversion
 * ({@code (9798 R + 19235 G + 3735 B + 2^14) >> 15}, OpenCV 4's fixed-point RGB2GRAY for 8-bit
 * images), the resize's sampling grid (pixel centres, {@code src = (dst + 0.5) * scale - 0.5},
 * two taps, no antialiasing, edge clamping) and 11-bit fixed-point weights, the crop, and the
 * final scale ({@code v * (float) (1/255.0)}, as RL4J's {@code muli(1.0 / 255)} on a float array).
 *
 * <p><b>Approximate</b> with respect to what an RL4J agent saw during training:
 * <ul>
 * <li>the vertical pass uses the rounding of OpenCV's SIMD loop
 *     ({@code (((S0>>4)*b0 >> 16) + ((S1>>4)*b1 >> 16) + 2) >> 2}); OpenCV's scalar loop (builds
 *     without SIMD) rounds as {@code (S0*b0 + S1*b1 + 2^21) >> 22}, one grey level apart on about
 *     0.7% of the pixels of those real frames;</li>
 * <li>OpenCV 3 used 14-bit grey weights (4899, 9617, 1868): no difference on the 50 Atari colours
 *     of those frames, one level apart on about 0.3% of arbitrary RGB colours;</li>
 * <li>this follows the pipeline as designed, for screens delivered as interleaved RGB
 *     [210, 160, 3], which is what earlier rl4j-ale releases' {@code ALEMDP} returned. The last
 *     release permutes the screen to [3, 210, 160] while {@code HistoryProcessor} still reads it
 *     as interleaved RGB (the broken pixel pipeline): agents trained with it saw scrambled frames,
 *     which this class does not reproduce.</li>
 * </ul>
 * Bit-exactness with RL4J is not a goal; these are the known differences.
 *
 * <p>Thread-safe; {@link #apply} does not allocate (per-thread scratch).
 */
public final class Rl4jPreprocessor implements FramePreprocessor {

    private static final int W = Preprocessing.FRAME_W;
    private static final int H = Preprocessing.FRAME_H;
    /** OpenCV's INTER_RESIZE_COEF_BITS = 11. */
    private static final int COEF_SCALE = 1 << 11;
    /** RL4J: UBYTE history cast to float, then muli(1.0 / getScale()) with scale 255 on a float array. */
    private static final float INV_SCALE = (float) (1.0 / 255.0);

    private final HistoryConfig config;
    private final int side;
    // per output column of the crop: the two source columns and their weights
    private final int[] x0;
    private final int[] x1;
    private final int[] a0;
    private final int[] a1;
    // per output row of the crop: the two source rows and their weights
    private final int[] y0;
    private final int[] y1;
    private final int[] b0;
    private final int[] b1;

    private static final ThreadLocal<int[]> GREY = ThreadLocal.withInitial(() -> new int[W * H]);

    /** The pipeline of {@code config}; its crop must be square. */
    public Rl4jPreprocessor(HistoryConfig config) {
        if (!config.square()) {
            throw new IllegalArgumentException("the crop " + config.croppingWidth() + "x" + config.croppingHeight()
                    + " is not square; only square observations are supported");
        }
        this.config = config;
        this.side = config.croppingWidth();
        x0 = new int[side];
        x1 = new int[side];
        a0 = new int[side];
        a1 = new int[side];
        y0 = new int[side];
        y1 = new int[side];
        b0 = new int[side];
        b1 = new int[side];
        taps(W, config.rescaledWidth(), config.offsetX(), true, x0, x1, a0, a1);
        taps(H, config.rescaledHeight(), config.offsetY(), false, y0, y1, b0, b1);
    }

    /**
     * OpenCV's {@code resize} set-up for INTER_LINEAR, for the destination indices
     * {@code offset .. offset+side-1}: {@code f = (float) ((d + 0.5) * scale - 0.5)},
     * {@code s = floor(f)}, weights {@code round((1 - frac) * 2048)} and {@code round(frac * 2048)};
     * horizontally an out-of-range {@code s} is clamped with weight (1, 0), vertically the two
     * rows are clamped into the image.
     */
    private static void taps(int src, int dst, int offset, boolean horizontal, int[] i0, int[] i1, int[] w0, int[] w1) {
        double scale = 1.0 / ((double) dst / src); // OpenCV: scale_x = 1. / inv_scale_x
        for (int k = 0; k < i0.length; k++) {
            int d = offset + k;
            float f = (float) ((d + 0.5) * scale - 0.5);
            int s = (int) Math.floor(f);
            f -= s;
            if (horizontal) {
                if (s < 0) {
                    f = 0;
                    s = 0;
                }
                if (s >= src - 1) {
                    f = 0;
                    s = src - 1;
                }
            }
            i0[k] = Math.min(Math.max(s, 0), src - 1);
            i1[k] = Math.min(Math.max(s + 1, 0), src - 1);
            w0[k] = (int) Math.rint((1f - f) * COEF_SCALE); // saturate_cast<short>: cvRound, half to even
            w1[k] = (int) Math.rint(f * COEF_SCALE);
        }
    }

    /** The configuration this pipeline follows. */
    public HistoryConfig config() {
        return config;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int size() {
        return side;
    }

    @Override
    public void apply(byte[] rgb, float[] out, int offset) {
        int n = side * side;
        if (offset < 0 || offset > out.length - n) {
            throw new IndexOutOfBoundsException("out[" + out.length + "] has no room for " + n + " floats at " + offset);
        }
        applyInts(rgb, null, out, offset);
    }

    /** The uint8 image (before the 1/255 scale), row-major side x side. */
    public byte[] applyToBytes(byte[] rgb) {
        byte[] b = new byte[side * side];
        applyInts(rgb, b, null, 0);
        return b;
    }

    private void applyInts(byte[] rgb, byte[] bytesOut, float[] floatOut, int offset) {
        if (rgb.length != Preprocessing.FRAME_BYTES) {
            throw new IllegalArgumentException("expected a 210x160x3 RGB frame (" + Preprocessing.FRAME_BYTES
                    + " bytes), got " + rgb.length + " bytes");
        }
        int[] grey = GREY.get();
        for (int i = 0, p = 0; i < W * H; i++, p += 3) {
            grey[i] = ((rgb[p] & 0xff) * 9798 + (rgb[p + 1] & 0xff) * 19235 + (rgb[p + 2] & 0xff) * 3735 + (1 << 14)) >> 15;
        }
        for (int r = 0; r < side; r++) {
            int row0 = y0[r] * W;
            int row1 = y1[r] * W;
            int bb0 = b0[r];
            int bb1 = b1[r];
            int o = r * side;
            for (int c = 0; c < side; c++) {
                int s0 = grey[row0 + x0[c]] * a0[c] + grey[row0 + x1[c]] * a1[c];
                int s1 = grey[row1 + x0[c]] * a0[c] + grey[row1 + x1[c]] * a1[c];
                // OpenCV VResizeLinearVec_32s8u: 16-bit multiply-high of (S >> 4) by the weight
                int v = ((((s0 >> 4) * bb0) >> 16) + (((s1 >> 4) * bb1) >> 16) + 2) >> 2;
                v = v < 0 ? 0 : Math.min(v, 255);
                if (bytesOut != null) {
                    bytesOut[o + c] = (byte) v;
                } else {
                    floatOut[offset + o + c] = v * INV_SCALE;
                }
            }
        }
    }

    /** The crop window mapped back to screen pixels (rescaled coordinates x 160/width, x 210/height). */
    @Override
    public org.atarisaliency.env.ScreenRegion region() {
        double sx = W / (double) config.rescaledWidth(), sy = H / (double) config.rescaledHeight();
        int x = (int) Math.round(config.offsetX() * sx), y = (int) Math.round(config.offsetY() * sy);
        int w = Math.min(W - x, (int) Math.round(config.croppingWidth() * sx));
        int h = Math.min(H - y, (int) Math.round(config.croppingHeight() * sy));
        return new org.atarisaliency.env.ScreenRegion(x, y, w, h);
    }

    @Override
    public String describe() {
        return "rl4j: OpenCV RGB2GRAY, INTER_LINEAR " + config.describe() + ", uint8, /255";
    }
}
