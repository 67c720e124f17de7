package org.atarisaliency.env;

/**
 * The rectangle of the 160x210 screen that an agent's observation covers, in screen pixels: a
 * saliency map of the observation is drawn over exactly this rectangle.
 *
 * @param x       left column
 * @param y       top row
 * @param width   columns covered
 * @param height  rows covered
 */
public record ScreenRegion(int x, int y, int width, int height) {
    /** The A3C agents' crop: rows 35..194, all columns. */
    public static final ScreenRegion A3C = new ScreenRegion(0, Preprocessing.CROP_TOP, AtariEnv.WIDTH, 160);

    public ScreenRegion {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > AtariEnv.WIDTH || y + height > AtariEnv.HEIGHT) {
            throw new IllegalArgumentException("region " + width + "x" + height + " at (" + x + ", " + y + ") is not inside the 160x210 screen");
        }
    }
}
