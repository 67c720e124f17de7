package org.atarisaliency.agents.rl4j;

/**
 * The image part of RL4J's {@code IHistoryProcessor.Configuration}: each ALE screen (210x160 RGB)
 * is turned grey, rescaled to {@code rescaledWidth x rescaledHeight}, and the
 * {@code croppingWidth x croppingHeight} window at ({@code offsetX}, {@code offsetY}) is kept.
 * RL4J stacks {@code historyLength} such frames, one every {@code skipFrame} emulator frames (the
 * action is repeated in between); here the stack depth comes from the network and the frame skip
 * is the environment's (use a game id with frame skip {@code skipFrame} and no sticky actions,
 * e.g. {@code PongDeterministic-v4} or {@code --frame-skip 4 --sticky 0}).
 *
 * @param rescaledWidth   width after the rescale
 * @param rescaledHeight  height after the rescale
 * @param croppingWidth   width of the kept window
 * @param croppingHeight  height of the kept window
 * @param offsetX         left column of the kept window
 * @param offsetY         top row of the kept window
 * @param skipFrame       emulator frames per stacked frame (informational: the env applies it)
 */
public record HistoryConfig(int rescaledWidth, int rescaledHeight, int croppingWidth, int croppingHeight,
                            int offsetX, int offsetY, int skipFrame) {

    /**
     * The configuration of RL4J's ALE examples ({@code ALE}/{@code A3CALE} in rl4j-examples and
     * {@code PlayALE}): {@code new HistoryProcessor.Configuration(4, 84, 110, 84, 84, 0, 0, 4)},
     * i.e. rescale the whole 160x210 screen to 84x110 and keep the top 84 rows (offset 0, 0).
     */
    public static final HistoryConfig ALE_EXAMPLES = new HistoryConfig(84, 110, 84, 84, 0, 0, 4);

    public HistoryConfig {
        if (rescaledWidth <= 0 || rescaledHeight <= 0 || croppingWidth <= 0 || croppingHeight <= 0
                || offsetX < 0 || offsetY < 0 || skipFrame < 0) {
            throw new IllegalArgumentException("invalid RL4J history configuration " + describeValues(rescaledWidth,
                    rescaledHeight, croppingWidth, croppingHeight, offsetX, offsetY, skipFrame));
        }
        if (offsetX + croppingWidth > rescaledWidth || offsetY + croppingHeight > rescaledHeight) {
            throw new IllegalArgumentException("the crop " + croppingWidth + "x" + croppingHeight + " at (" + offsetX
                    + ", " + offsetY + ") does not fit in the rescaled " + rescaledWidth + "x" + rescaledHeight
                    + " image");
        }
    }

    /**
     * RL4J's default {@code IHistoryProcessor.Configuration()} generalised to side {@code size}:
     * rescale the whole screen to size x size, no crop (the default is 84, 84, 84, 84, 0, 0).
     */
    public static HistoryConfig rescaleOnly(int size) {
        return new HistoryConfig(size, size, size, size, 0, 0, 4);
    }

    /**
     * The configuration assumed for a network taking size x size frames: {@link #ALE_EXAMPLES} for
     * 84, {@link #rescaleOnly(int)} otherwise.
     */
    public static HistoryConfig forInputSize(int size) {
        return size == ALE_EXAMPLES.croppingWidth() ? ALE_EXAMPLES : rescaleOnly(size);
    }

    /** Whether the kept window is square (the {@link org.atarisaliency.agents.Policy} API needs it). */
    public boolean square() {
        return croppingWidth == croppingHeight;
    }

    /** One line, in the order of RL4J's constructor (without the history length). */
    public String describe() {
        return describeValues(rescaledWidth, rescaledHeight, croppingWidth, croppingHeight, offsetX, offsetY, skipFrame);
    }

    private static String describeValues(int rw, int rh, int cw, int ch, int ox, int oy, int skip) {
        return "rescale " + rw + "x" + rh + ", crop " + cw + "x" + ch + " at (" + ox + ", " + oy + "), skip " + skip;
    }
}
