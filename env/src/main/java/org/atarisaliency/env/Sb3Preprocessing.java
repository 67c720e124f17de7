package org.atarisaliency.env;

/**
 * The frame preprocessing of Stable-Baselines3 / RL Zoo / CleanRL Atari agents ({@code WarpFrame}
 * in SB3's {@code AtariWrapper}), reproduced bit for bit:
 * <pre>
 * frame = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
 * frame = cv2.resize(frame, (84, 84), interpolation=cv2.INTER_AREA)
 * </pre>
 * and the network's {@code obs.float() / 255.0}. One observation is 1 x 84 x 84 (the agents
 * stack four of them; the stack is the policy's business). The max-pooling of the last two raw
 * frames of a skip ({@code MaxAndSkipEnv}) happens before this, on RGB:
 * {@link #maxPool(byte[], byte[], byte[])} and {@link AtariEnv#setMaxPoolLastTwo(boolean)}.
 *
 * <p>OpenCV (checked on opencv-python-headless 4.5.5, 4.12.0 and 5.0.0, IPP on or off, all 2^24
 * colours) computes RGB to grey in 15-bit fixed point:
 * {@code Y = (9798 R + 19235 G + 3735 B + 16384) >> 15}. INTER_AREA from 210x160 to 84x84 (scales
 * 2.5 and 1.905, not integers) is OpenCV's general {@code resizeArea_<uchar, float>}: fractional
 * per-axis weights from {@code computeResizeAreaTab}, each source row summed along x in float32,
 * rows weighted and summed in float32, then rounded half to even and saturated.
 *
 * <p>Thread-safe and stateless; {@link FramePreprocessor#SB3} is the {@link FramePreprocessor}.
 */
public final class Sb3Preprocessing implements FramePreprocessor {

    /** Output side: an observation is 1 x 84 x 84. */
    public static final int OUT = 84;
    /** Pixels (floats) of one observation. */
    public static final int OUT_SIZE = OUT * OUT;

    /** v/255f in float32 for v in 0..255 (torch's {@code uint8.float() / 255.0}). */
    private static final float[] UNIT = new float[256];
    /** The resize tables for the ALE screen, built once. */
    private static final AreaTab X_TAB = AreaTab.of(AtariEnv.WIDTH, OUT);
    private static final AreaTab Y_TAB = AreaTab.of(AtariEnv.HEIGHT, OUT);

    /** Per-thread scratch of the hot path: grey screen, resized frame, row and sum buffers. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final byte[] grey = new byte[AtariEnv.HEIGHT * AtariEnv.WIDTH];
        final byte[] small = new byte[OUT_SIZE];
        final float[] buf = new float[OUT];
        final float[] sum = new float[OUT];
    }

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) v / 255f;
        }
    }

    /**
     * Use {@link FramePreprocessor#SB3}. (No static instance here: initialising this class
     * initialises {@link FramePreprocessor} first, which would read it while still null.)
     */
    Sb3Preprocessing() {
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int size() {
        return OUT;
    }

    @Override
    public void apply(byte[] rgb, float[] out, int offset) {
        preprocess(rgb, out, offset);
    }

    @Override
    public String describe() {
        return "sb3: cv2 RGB2GRAY (15-bit fixed point), cv2 INTER_AREA 210x160->84x84, /255";
    }

    /** OpenCV's {@code COLOR_RGB2GRAY} of one 8-bit pixel. */
    public static int grey(int r, int g, int b) {
        return (r * 9798 + g * 19235 + b * 3735 + 16384) >> 15;
    }

    /** {@code cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)} of a 210x160x3 screen: 210x160 bytes. */
    public static byte[] greyFrame(byte[] rgb) {
        return greyImage(rgb, AtariEnv.WIDTH, AtariEnv.HEIGHT);
    }

    /** {@code cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)} of a {@code h} x {@code w} x 3 image. */
    public static byte[] greyImage(byte[] rgb, int w, int h) {
        byte[] out = new byte[w * h];
        greyInto(rgb, w * h, out);
        return out;
    }

    private static void greyInto(byte[] rgb, int n, byte[] out) {
        if (rgb.length < 3 * n) {
            throw new IllegalArgumentException("an RGB image of " + n + " pixels needs " + 3 * n + " bytes, got " + rgb.length);
        }
        for (int i = 0, j = 0; i < n; i++, j += 3) {
            out[i] = (byte) grey(rgb[j] & 0xff, rgb[j + 1] & 0xff, rgb[j + 2] & 0xff);
        }
    }

    /** The uint8 observation (84x84, row-major) of a 210x160x3 RGB screen: what the agent's buffer holds. */
    public static byte[] preprocessToBytes(byte[] rgb) {
        return observe(rgb, SCRATCH.get()).clone();
    }

    private static byte[] observe(byte[] rgb, Scratch s) {
        greyInto(rgb, AtariEnv.HEIGHT * AtariEnv.WIDTH, s.grey);
        resizeArea(s.grey, AtariEnv.WIDTH, X_TAB, Y_TAB, s.small, s.buf, s.sum);
        return s.small;
    }

    /** The observation as floats, {@code uint8 / 255f}, freshly allocated (84*84). */
    public static float[] preprocess(byte[] rgb) {
        float[] out = new float[OUT_SIZE];
        preprocess(rgb, out, 0);
        return out;
    }

    /** Writes the observation ({@code uint8 / 255f}, 84*84 floats) into {@code out} from {@code offset}; does not allocate. */
    public static void preprocess(byte[] rgb, float[] out, int offset) {
        byte[] u8 = observe(rgb, SCRATCH.get());
        for (int i = 0; i < OUT_SIZE; i++) {
            out[offset + i] = UNIT[u8[i] & 0xff];
        }
    }

    /**
     * {@code cv2.resize(grey, (newW, newH), interpolation=cv2.INTER_AREA)} of one 8-bit channel for
     * a shrink ({@code newW <= w}, {@code newH <= h}) whose scales are not both integers, the case
     * OpenCV handles with its general area resampler (integer scales take another code path,
     * {@code resizeAreaFast}, not reproduced here; enlarging is bilinear in OpenCV).
     */
    public static byte[] resizeArea(byte[] grey, int w, int h, int newW, int newH) {
        if (w < 1 || h < 1 || newW < 1 || newH < 1 || newW > w || newH > h) {
            throw new IllegalArgumentException("resizeArea shrinks: " + w + "x" + h + " -> " + newW + "x" + newH);
        }
        if (areaFast(w, newW) && areaFast(h, newH)) {
            throw new IllegalArgumentException("integer scales " + w + "x" + h + " -> " + newW + "x" + newH
                    + " take OpenCV's resizeAreaFast path, which is not reproduced");
        }
        if (grey.length < w * h) {
            throw new IllegalArgumentException("a " + w + "x" + h + " image needs " + w * h + " bytes, got " + grey.length);
        }
        byte[] dst = new byte[newW * newH];
        resizeArea(grey, w, AreaTab.of(w, newW), AreaTab.of(h, newH), dst, new float[newW], new float[newW]);
        return dst;
    }

    /** OpenCV's test for its integer-scale path: {@code |scale - cvRound(scale)| < DBL_EPSILON}. */
    static boolean areaFast(int ssize, int dsize) {
        double scale = 1.0 / ((double) dsize / ssize);
        return Math.abs(scale - Math.rint(scale)) < Math.ulp(1.0);
    }

    /** OpenCV's {@code ResizeArea_Invoker} for one channel, WT = float; {@code buf} and {@code sum} hold a row each. */
    private static void resizeArea(byte[] src, int w, AreaTab xt, AreaTab yt, byte[] dst, float[] buf, float[] sum) {
        int dw = xt.dsize;
        java.util.Arrays.fill(sum, 0f);
        int prevDy = yt.di[0];
        for (int j = 0; j < yt.n; j++) {
            float beta = yt.alpha[j];
            int dy = yt.di[j];
            int rowStart = yt.si[j] * w;
            java.util.Arrays.fill(buf, 0f);
            for (int k = 0; k < xt.n; k++) {
                buf[xt.di[k]] += (float) (src[rowStart + xt.si[k]] & 0xff) * xt.alpha[k];
            }
            if (dy != prevDy) {
                store(sum, dst, prevDy * dw);
                for (int dx = 0; dx < dw; dx++) {
                    sum[dx] = beta * buf[dx];
                }
                prevDy = dy;
            } else {
                for (int dx = 0; dx < dw; dx++) {
                    sum[dx] += beta * buf[dx];
                }
            }
        }
        store(sum, dst, prevDy * dw);
    }

    /** {@code saturate_cast<uchar>(float)}: round half to even, clamp to 0..255. */
    private static void store(float[] sum, byte[] dst, int off) {
        for (int dx = 0; dx < sum.length; dx++) {
            int v = (int) Math.rint(sum[dx]);
            dst[off + dx] = (byte) Math.max(0, Math.min(255, v));
        }
    }

    /**
     * Elementwise maximum of two frames ({@code np.maximum}, as {@code MaxAndSkipEnv} pools the
     * last two raw RGB screens of a skip), into {@code out} (which may be {@code a} or {@code b}).
     */
    public static void maxPool(byte[] a, byte[] b, byte[] out) {
        if (a.length != b.length || out.length < a.length) {
            throw new IllegalArgumentException("maxPool needs equal lengths, got " + a.length + ", " + b.length + " -> " + out.length);
        }
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) Math.max(a[i] & 0xff, b[i] & 0xff);
        }
    }

    /**
     * OpenCV's {@code computeResizeAreaTab}: for each destination index the source indices and
     * float weights covering it. The scale is {@code 1.0 / (dsize / (double) ssize)}, as
     * {@code cv::resize} derives it.
     */
    static final class AreaTab {
        final int dsize;
        final int n;
        final int[] di;
        final int[] si;
        final float[] alpha;

        private AreaTab(int dsize, int n, int[] di, int[] si, float[] alpha) {
            this.dsize = dsize;
            this.n = n;
            this.di = di;
            this.si = si;
            this.alpha = alpha;
        }

        static AreaTab of(int ssize, int dsize) {
            double scale = 1.0 / ((double) dsize / ssize);
            int cap = ssize * 2;
            int[] di = new int[cap];
            int[] si = new int[cap];
            float[] alpha = new float[cap];
            int k = 0;
            for (int dx = 0; dx < dsize; dx++) {
                double fsx1 = dx * scale;
                double fsx2 = fsx1 + scale;
                double cellWidth = Math.min(scale, ssize - fsx1);
                int sx1 = (int) Math.ceil(fsx1);
                int sx2 = (int) Math.floor(fsx2);
                sx2 = Math.min(sx2, ssize - 1);
                sx1 = Math.min(sx1, sx2);
                if (sx1 - fsx1 > 1e-3) {
                    di[k] = dx;
                    si[k] = sx1 - 1;
                    alpha[k++] = (float) ((sx1 - fsx1) / cellWidth);
                }
                for (int sx = sx1; sx < sx2; sx++) {
                    di[k] = dx;
                    si[k] = sx;
                    alpha[k++] = (float) (1.0 / cellWidth);
                }
                if (fsx2 - sx2 > 1e-3) {
                    di[k] = dx;
                    si[k] = sx2;
                    alpha[k++] = (float) (Math.min(Math.min(fsx2 - sx2, 1.0), cellWidth) / cellWidth);
                }
            }
            return new AreaTab(dsize, k, di, si, alpha);
        }
    }
}
