package org.atarisaliency.agents.sb3;

import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.Preprocessing;

/**
 * PLACEHOLDER for SB3's / CleanRL's Atari frame transform ({@code WarpFrame}: OpenCV grey, then
 * {@code resize(84, 84, INTER_AREA)}; CleanRL's gym wrappers resize first, then grey), until the
 * env module's exact implementation lands (being written separately). This one is an
 * approximation: the luma weights 0.299/0.587/0.114 in floating point and an area-weighted
 * average over each output pixel's source rectangle, rounded to a byte and divided by 255. It is
 * close to OpenCV's result but NOT bit-exact (OpenCV uses fixed-point grey weights and its own
 * rounding); it is not used by the network parity tests, which run on the library's own tensors.
 * The frame skip with max-pooling of the last two frames belongs to the environment, not here.
 */
public final class Sb3Preprocessor implements FramePreprocessor {

    private static final int W = Preprocessing.FRAME_W;
    private static final int H = Preprocessing.FRAME_H;
    private final int side;

    /** The transform to {@code side} x {@code side} (84 for the standard agents). */
    public Sb3Preprocessor(int side) {
        this.side = side;
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
        double sx = (double) W / side;
        double sy = (double) H / side;
        for (int oy = 0; oy < side; oy++) {
            double y0 = oy * sy;
            double y1 = y0 + sy;
            for (int ox = 0; ox < side; ox++) {
                double x0 = ox * sx;
                double x1 = x0 + sx;
                double sum = 0;
                for (int y = (int) Math.floor(y0); y < Math.min(H, (int) Math.ceil(y1)); y++) {
                    double wy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) Math.floor(x0); x < Math.min(W, (int) Math.ceil(x1)); x++) {
                        double wx = Math.min(x + 1, x1) - Math.max(x, x0);
                        int p = (y * W + x) * 3;
                        double grey = 0.299 * (rgb[p] & 0xff) + 0.587 * (rgb[p + 1] & 0xff) + 0.114 * (rgb[p + 2] & 0xff);
                        sum += wx * wy * Math.rint(grey);
                    }
                }
                double v = Math.rint(sum / (sx * sy));
                out[offset + oy * side + ox] = (float) (Math.min(255, Math.max(0, v)) / 255.0);
            }
        }
    }

    @Override
    public String describe() {
        return "sb3 (placeholder): grey 0.299/0.587/0.114, area resize 210x160 -> " + side + "x" + side + ", /255";
    }
}
