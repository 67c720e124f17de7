package org.atarisaliency.env;

import java.util.Arrays;
import org.atarisaliency.env.internal.PillowBilinear;

/**
 * The frame preprocessing the pretrained agents (baby-a3c, Greydanus' visualize_atari) were
 * trained on, reproduced bit for bit:
 * <pre>
 * prepro = lambda img: imresize(img[35:195].mean(2), (80,80)).astype(np.float32).reshape(1,80,80)/255.
 * </pre>
 * i.e. crop rows 35..194, float64 mean of R,G,B, old scipy {@code bytescale} to 0..255 by the
 * crop's own min and max (a constant crop gives all zeros), Pillow BILINEAR resize of the
 * 8-bit 160x160 image to 80x80 (antialiased, fixed point), then {@code /255} in float32.
 *
 * <p>All methods are thread-safe; {@link #preprocess(byte[], float[], int)} does not allocate
 * (per-thread scratch buffers).
 */
public final class Preprocessing {

    /** Output side: the result is a 1x80x80 image. */
    public static final int OUT = 80;
    /** Input frame height (ALE screen). */
    public static final int FRAME_H = 210;
    /** Input frame width (ALE screen). */
    public static final int FRAME_W = 160;
    /** Bytes of an RGB input frame: 210*160*3. */
    public static final int FRAME_BYTES = FRAME_H * FRAME_W * 3;
    /** First cropped row (inclusive). */
    public static final int CROP_TOP = 35;
    /** Rows kept by the crop (35..194). */
    public static final int CROP_H = 160;
    /** Floats written per frame: 80*80. */
    public static final int OUT_SIZE = OUT * OUT;

    private static final int N = CROP_H * FRAME_W; // 160x160 cropped grey pixels
    private static final int HALF = PillowBilinear.HALF;
    private static final int SHIFT = PillowBilinear.PRECISION_BITS;

    /** s/3.0 for every channel sum s in 0..765: numpy's float64 mean of three uint8. */
    private static final double[] MEAN = new double[766];
    /** v/255f in float32 for v in 0..255. */
    private static final float[] UNIT = new float[256];

    // Fixed-point taps of the 160 -> 80 resize, taken from the general coefficient code:
    // left edge (3 taps from 0), interior (4 taps from 2i-1), right edge (3 taps from 157).
    private static final int L0, L1, L2, R0, R1, R2;
    /**
     * True when the 160->80 coefficients have the structure the unrolled loops assume:
     * interior taps exactly [1,3,3,1]/8 in fixed point (so the interior sum reduces to
     * {@code (a + 3b + 3c + d + 4) >> 3}), 3-tap edges, every tap sum at most 1.0 (no clipping).
     */
    private static final boolean FAST;

    static {
        for (int s = 0; s < MEAN.length; s++) {
            MEAN[s] = s / 3.0;
        }
        for (int v = 0; v < 256; v++) {
            UNIT[v] = (float) v / 255f;
        }
        PillowBilinear.Coeffs c = PillowBilinear.coefficients(CROP_H, OUT);
        int[] k = c.kk;
        int ks = c.ksize;
        int eighth = PillowBilinear.ONE / 8;
        boolean ok = c.start(0) == 0 && c.count(0) == 3
                && c.start(OUT - 1) == CROP_H - 3 && c.count(OUT - 1) == 3;
        for (int i = 1; i < OUT - 1 && ok; i++) {
            int b = i * ks;
            ok = c.start(i) == 2 * i - 1 && c.count(i) == 4
                    && k[b] == eighth && k[b + 1] == 3 * eighth && k[b + 2] == 3 * eighth && k[b + 3] == eighth;
        }
        int last = (OUT - 1) * ks;
        L0 = k[0]; L1 = k[1]; L2 = k[2];
        R0 = k[last]; R1 = k[last + 1]; R2 = k[last + 2];
        FAST = ok && (long) L0 + L1 + L2 <= PillowBilinear.ONE && (long) R0 + R1 + R2 <= PillowBilinear.ONE
                && Math.min(Math.min(L0, L1), Math.min(L2, Math.min(R0, Math.min(R1, R2)))) >= 0;
    }

    /** Per-thread scratch for the hot path. */
    private static final class Scratch {
        // the cropped grey image split into even and odd columns (row-major 160 x 80 each):
        // channel sums first, then bytescaled values
        final int[] even = new int[CROP_H * OUT];
        final int[] odd = new int[CROP_H * OUT];
        final int[] lut = new int[766];                // channel sum -> bytescaled value
        final int[] tmp = new int[CROP_H * OUT];       // after the horizontal pass
        final int[] small = new int[OUT_SIZE];         // 80x80 result, 0..255
        byte[] greyBytes;                              // only for the general fallback
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Preprocessing() {
    }

    /**
     * Preprocesses one frame.
     *
     * @param rgb    210x160x3 uint8 frame, index (y*160+x)*3+c
     * @param out    receives 6400 floats (0..1, row-major 80x80) at {@code offset}
     * @param offset first index written in {@code out}
     */
    public static void preprocess(byte[] rgb, float[] out, int offset) {
        if (offset < 0 || offset > out.length - OUT_SIZE) {
            throw new IndexOutOfBoundsException("out[" + out.length + "] has no room for "
                    + OUT_SIZE + " floats at " + offset);
        }
        int[] small = core(rgb);
        for (int i = 0; i < OUT_SIZE; i++) {
            out[offset + i] = UNIT[small[i]];
        }
    }

    /** Preprocesses one 210x160x3 RGB frame into a new float[6400] (1x80x80, values 0..1). */
    public static float[] preprocess(byte[] rgb) {
        float[] out = new float[OUT_SIZE];
        preprocess(rgb, out, 0);
        return out;
    }

    /** Same as {@link #preprocess(byte[])}, stopping before the /255: the uint8 80x80 image. */
    public static byte[] preprocessToBytes(byte[] rgb) {
        int[] small = core(rgb);
        byte[] out = new byte[OUT_SIZE];
        for (int i = 0; i < OUT_SIZE; i++) {
            out[i] = (byte) small[i];
        }
        return out;
    }

    /**
     * General Pillow-compatible BILINEAR resize of an 8-bit grey image, identical to
     * {@code PIL.Image.fromarray(grey).resize((newW, newH), Image.BILINEAR)}.
     *
     * @param grey row-major {@code w x h} pixels (index y*w+x, unsigned)
     * @return row-major {@code newW x newH} pixels
     */
    public static byte[] resizeBilinear(byte[] grey, int w, int h, int newW, int newH) {
        return PillowBilinear.resize(grey, w, h, newW, newH);
    }

    /** Whether the unrolled 160x160 -> 80x80 path is in use (for tests). */
    static boolean fastPath() {
        return FAST;
    }

    /** Crop + mean + bytescale only: the 160x160 uint8 image handed to the resize (for tests). */
    static byte[] bytescaledCrop(byte[] rgb) {
        Scratch s = SCRATCH.get();
        byte[] out = new byte[N];
        if (greyscale(rgb, s)) {
            interleave(s, out);
        }
        return out;
    }

    private static void interleave(Scratch s, byte[] out) {
        for (int i = 0; i < CROP_H * OUT; i++) {
            out[2 * i] = (byte) s.even[i];
            out[2 * i + 1] = (byte) s.odd[i];
        }
    }

    /** Runs the whole transform up to the uint8 80x80 image, left in the thread's scratch. */
    private static int[] core(byte[] rgb) {
        Scratch s = SCRATCH.get();
        if (!greyscale(rgb, s)) {
            Arrays.fill(s.small, 0); // constant crop: bytescale gives zeros, resize keeps them
            return s.small;
        }
        if (FAST) {
            horizontal160(s.even, s.odd, s.tmp);
            vertical160(s.tmp, s.small);
        } else {
            if (s.greyBytes == null) {
                s.greyBytes = new byte[N];
            }
            interleave(s, s.greyBytes);
            byte[] r = PillowBilinear.resize(s.greyBytes, FRAME_W, CROP_H, OUT, OUT);
            for (int i = 0; i < OUT_SIZE; i++) {
                s.small[i] = r[i] & 0xff;
            }
        }
        return s.small;
    }

    /**
     * Crop, channel mean and bytescale into {@code s.even}/{@code s.odd} (values 0..255).
     * Returns false when the crop is constant (all outputs are then 0).
     */
    private static boolean greyscale(byte[] rgb, Scratch s) {
        if (rgb.length != FRAME_BYTES) {
            throw new IllegalArgumentException("expected a 210x160x3 RGB frame (" + FRAME_BYTES
                    + " bytes), got " + rgb.length + " bytes");
        }
        int[] even = s.even;
        int[] odd = s.odd;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int src = CROP_TOP * FRAME_W * 3;
        for (int i = 0; i < CROP_H * OUT; i++, src += 6) {
            // numpy: mean over channels in float64 = (r+g+b)/3.0; keep the exact integer sum
            int s0 = (rgb[src] & 0xff) + (rgb[src + 1] & 0xff) + (rgb[src + 2] & 0xff);
            int s1 = (rgb[src + 3] & 0xff) + (rgb[src + 4] & 0xff) + (rgb[src + 5] & 0xff);
            even[i] = s0;
            odd[i] = s1;
            min = Math.min(min, Math.min(s0, s1));
            max = Math.max(max, Math.max(s0, s1));
        }
        if (min == max) {
            // old scipy: cscale == 0 -> cscale = 1, and data - cmin == 0 everywhere
            return false;
        }
        // scipy.misc.bytescale(data) in float64, data = sum/3.0 (numpy mean):
        //   scale = 255.0 / (cmax - cmin); b = (data - cmin) * scale + 0
        //   out = uint8(clip(b, 0, 255) + 0.5)
        int[] lut = s.lut;
        double cmin = MEAN[min];
        double scale = 255.0 / (MEAN[max] - cmin);
        for (int v = min; v <= max; v++) {
            double b = (MEAN[v] - cmin) * scale + 0.0;
            if (b < 0.0) {
                b = 0.0;
            } else if (b > 255.0) {
                b = 255.0;
            }
            lut[v] = (int) (b + 0.5);
        }
        for (int i = 0; i < CROP_H * OUT; i++) {
            even[i] = lut[even[i]];
            odd[i] = lut[odd[i]];
        }
        return true;
    }

    /**
     * Horizontal pass 160 -> 80 over all 160 rows. Pixel 2j of a row is even[j], pixel 2j+1 is
     * odd[j], so the interior window (2i-1, 2i, 2i+1, 2i+2) is odd[i-1], even[i], odd[i], even[i+1]:
     * contiguous in i, which lets the JIT vectorise the loop.
     */
    private static void horizontal160(int[] even, int[] odd, int[] out) {
        for (int y = 0; y < CROP_H; y++) {
            int r = y * OUT;
            out[r] = (HALF + even[r] * L0 + odd[r] * L1 + even[r + 1] * L2) >> SHIFT;
            for (int i = r + 1; i < r + OUT - 1; i++) {
                // (HALF + a*K + b*3K + c*3K + d*K) >> 22 with K = 2^19 is exactly (a+3b+3c+d+4) >> 3
                out[i] = (odd[i - 1] + 3 * (even[i] + odd[i]) + even[i + 1] + 4) >> 3;
            }
            int e = r + OUT - 1; // pixels 157, 158, 159
            out[e] = (HALF + odd[e - 1] * R0 + even[e] * R1 + odd[e] * R2) >> SHIFT;
        }
    }

    /** Vertical pass 160 -> 80 rows of width 80. */
    private static void vertical160(int[] in, int[] out) {
        for (int x = 0; x < OUT; x++) {
            out[x] = (HALF + in[x] * L0 + in[OUT + x] * L1 + in[2 * OUT + x] * L2) >> SHIFT;
        }
        for (int yy = 1; yy < OUT - 1; yy++) {
            int r = (2 * yy - 1) * OUT;
            int o = yy * OUT;
            for (int x = 0; x < OUT; x++) {
                int p = r + x;
                out[o + x] = (in[p] + 3 * (in[p + OUT] + in[p + 2 * OUT]) + in[p + 3 * OUT] + 4) >> 3;
            }
        }
        int r = (CROP_H - 3) * OUT;
        int o = (OUT - 1) * OUT;
        for (int x = 0; x < OUT; x++) {
            int p = r + x;
            out[o + x] = (HALF + in[p] * R0 + in[p + OUT] * R1 + in[p + 2 * OUT] * R2) >> SHIFT;
        }
    }
}
