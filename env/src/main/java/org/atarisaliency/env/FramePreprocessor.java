package org.atarisaliency.env;

/**
 * Turns an RGB screen (210x160x3) into one observation of an agent: {@code channels} x
 * {@code size} x {@code size} floats. Each agent declares the transform it was trained on;
 * {@link #A3C} is that of the baby-a3c and visualize_atari agents, {@link #SB3} that of
 * Stable-Baselines3 / RL Zoo / CleanRL agents.
 */
public interface FramePreprocessor {

    /** The A3C agents' transform ({@link Preprocessing}): 1 x 80 x 80. */
    FramePreprocessor A3C = new FramePreprocessor() {
        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int size() {
            return Preprocessing.OUT;
        }

        @Override
        public void apply(byte[] rgb, float[] out, int offset) {
            Preprocessing.preprocess(rgb, out, offset);
        }

        @Override
        public ScreenRegion region() {
            return ScreenRegion.A3C;
        }

        @Override
        public String describe() {
            return "a3c: crop rows 35..194, channel mean, bytescale, Pillow bilinear 160->80, /255";
        }
    };

    /** Stable-Baselines3 / RL Zoo / CleanRL agents' transform ({@link Sb3Preprocessing}): 1 x 84 x 84. */
    FramePreprocessor SB3 = new Sb3Preprocessing();

    /** Channels of one observation. */
    int channels();

    /** Side of the square observation. */
    int size();

    /** Floats per observation. */
    default int length() {
        return channels() * size() * size();
    }

    /** Writes the observation of {@code rgb} into {@code out} from {@code offset}; thread-safe. */
    void apply(byte[] rgb, float[] out, int offset);

    /** The part of the screen one observation covers (where its saliency maps are drawn). */
    default ScreenRegion region() {
        return new ScreenRegion(0, 0, AtariEnv.WIDTH, AtariEnv.HEIGHT);
    }

    /** One line for provenance. */
    String describe();
}
