package org.atarisaliency.agents.sb3;

import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.Preprocessing;
import org.atarisaliency.env.Sb3Preprocessing;

/**
 * The frame transform of SB3 / RL Zoo and CleanRL Atari agents, from the env module's OpenCV-exact
 * pieces ({@link Sb3Preprocessing}: fixed-point RGB to grey, INTER_AREA resize). SB3's
 * {@code WarpFrame} makes grey first and then resizes (bit-exact with OpenCV and SB3, tested in env);
 * CleanRL's gym wrappers resize the RGB screen first ({@code ResizeObservation}) and then make it grey
 * ({@code GrayScaleObservation}): each channel is resized as OpenCV resizes a 3-channel image, then
 * converted (the same two verified operations, in CleanRL's order). Output 1 x side x side, /255.
 * The frame skip with the max of the last two frames belongs to the environment
 * ({@code AtariEnv.setMaxPoolLastTwo}).
 */
public final class Sb3Preprocessor implements FramePreprocessor {
    private static final int W = Preprocessing.FRAME_W;
    private static final int H = Preprocessing.FRAME_H;
    private final int side;
    private final boolean resizeFirst;

    /** SB3's transform (grey, then resize) to {@code side} x {@code side} (84 for the standard agents). */
    public Sb3Preprocessor(int side) {
        this(side, false);
    }

    /** {@code resizeFirst}: CleanRL's order (resize the RGB screen, then grey). */
    public Sb3Preprocessor(int side, boolean resizeFirst) {
        this.side = side;
        this.resizeFirst = resizeFirst;
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
        byte[] grey;
        if (resizeFirst) {
            byte[][] ch = new byte[3][W * H];
            for (int i = 0; i < W * H; i++) {
                ch[0][i] = rgb[3 * i];
                ch[1][i] = rgb[3 * i + 1];
                ch[2][i] = rgb[3 * i + 2];
            }
            byte[] r = Sb3Preprocessing.resizeArea(ch[0], W, H, side, side);
            byte[] g = Sb3Preprocessing.resizeArea(ch[1], W, H, side, side);
            byte[] b = Sb3Preprocessing.resizeArea(ch[2], W, H, side, side);
            grey = new byte[side * side];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = (byte) Sb3Preprocessing.grey(r[i] & 0xff, g[i] & 0xff, b[i] & 0xff);
            }
        } else if (side == Sb3Preprocessing.OUT) {
            Sb3Preprocessing.preprocess(rgb, out, offset);
            return;
        } else {
            grey = Sb3Preprocessing.resizeArea(Sb3Preprocessing.greyFrame(rgb), W, H, side, side);
        }
        for (int i = 0; i < grey.length; i++) {
            out[offset + i] = (grey[i] & 0xff) / 255f;
        }
    }

    @Override
    public String describe() {
        return (resizeFirst ? "cleanrl: OpenCV INTER_AREA resize of each RGB channel 210x160 -> " + side + "x" + side + ", then fixed-point grey"
                : "sb3 WarpFrame: OpenCV fixed-point grey, INTER_AREA resize 210x160 -> " + side + "x" + side) + ", /255";
    }
}
