package org.atarisaliency.env;

/**
 * The hint strip of Greydanus et al. 2018, section 4.4, for the "overfit" and control agents: on
 * the raw 210x160 RGB frame, one mark per action i: rows 37-40, one pixel wide at column 72 + 5i,
 * grey 250 for the hinted action (the expert's choice) and 50 for the others. Draw it after the
 * expert has seen the unmarked frame. The rows lie inside the A3C crop (rows 35-194), so the
 * marks reach the agent's observation.
 */
public final class Hints {
    /** First row of the marks. */
    public static final int TOP = 37;
    /** Rows per mark. */
    public static final int HEIGHT = 4;
    /** Column of action 0's mark. */
    public static final int LEFT = 72;
    /** Columns from one action's mark to the next. */
    public static final int SPACING = 5;
    /** Grey of the hinted action's mark. */
    public static final int ON = 250;
    /** Grey of the other marks. */
    public static final int OFF = 50;
    /** The most actions whose marks fit on the screen (18, the full ALE action set). */
    public static final int MAX_ACTIONS = (AtariEnv.WIDTH - 1 - LEFT) / SPACING + 1;

    private Hints() {
    }

    /** The column of action {@code action}'s mark (no range check). */
    public static int column(int action) {
        return LEFT + SPACING * action;
    }

    /**
     * Draws the strip for {@code actionCount} actions with {@code hintedAction} lit into an RGB
     * frame (210x160x3, row-major, as {@link AtariEnv#frame} gives; R = G = B for every mark).
     *
     * @throws IllegalArgumentException the frame is shorter than 210x160x3 bytes, the action count
     *                                  is not in 1..{@value #MAX_ACTIONS} or the hinted action not in 0..count-1
     */
    public static void draw(byte[] rgb, int hintedAction, int actionCount) {
        if (rgb.length < AtariEnv.FRAME_BYTES) {
            throw new IllegalArgumentException("frame needs " + AtariEnv.FRAME_BYTES + " bytes (210x160 RGB), got " + rgb.length);
        }
        if (actionCount < 1 || actionCount > MAX_ACTIONS) {
            throw new IllegalArgumentException("hint strip for " + actionCount + " actions: the marks at columns "
                    + LEFT + " + " + SPACING + "*i fit " + MAX_ACTIONS + " actions at most, and there must be one");
        }
        if (hintedAction < 0 || hintedAction >= actionCount) {
            throw new IllegalArgumentException("hinted action " + hintedAction + " is not in 0.." + (actionCount - 1));
        }
        for (int i = 0; i < actionCount; i++) {
            byte grey = (byte) (i == hintedAction ? ON : OFF);
            for (int y = TOP; y < TOP + HEIGHT; y++) {
                int p = (y * AtariEnv.WIDTH + column(i)) * AtariEnv.CHANNELS;
                rgb[p] = grey;
                rgb[p + 1] = grey;
                rgb[p + 2] = grey;
            }
        }
    }
}
