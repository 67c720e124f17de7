package org.atarisaliency.saliency.counterfactual;

import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.ScreenRegion;

/**
 * The saliency a map puts on an object: the map (size x size, row-major, drawn over the screen
 * {@link ScreenRegion} the agent sees) summed over every map pixel that overlaps the object's screen
 * box. An object outside the region is outside the agent's view: mass 0, {@link #outsideView} true.
 *
 * @param mass         sum of the map over the object's pixels
 * @param share        mass / the map's total (0 when the total is 0)
 * @param density      (mass / object pixels) / (total / all pixels): above 1 when the map marks the object more than the average pixel
 * @param percentile   share of the map's pixels whose value lies below the object's mean value (0..1): 0.9 puts the
 *                     object in the map's top tenth, whatever the map's scale or tails
 * @param pixels       map pixels covered by the box
 * @param outsideView  whether the box lies outside the agent's view
 */
public record ObjectMass(double mass, double share, double density, double percentile, int pixels, boolean outsideView) {

    /** An object is marked by a map when its mean value lies in the map's top tenth. */
    public static final double MARKED_PERCENTILE = 0.9;

    /** Whether the map marks the object ({@link #MARKED_PERCENTILE}). */
    public boolean marked() {
        return !outsideView && percentile >= MARKED_PERCENTILE;
    }

    /** The mass of {@code map} on {@code box}. */
    public static ObjectMass of(float[] map, int size, ScreenRegion region, GameObjects.Box box) {
        if (map.length != size * size) {
            throw new IllegalArgumentException("map has " + map.length + " values, expected " + size + "x" + size);
        }
        int[] cols = span(box.left(), box.width(), region.x(), region.width(), size);
        int[] rows = span(box.top(), box.height(), region.y(), region.height(), size);
        double total = 0;
        for (float v : map) {
            total += v;
        }
        if (cols[1] <= cols[0] || rows[1] <= rows[0]) {
            return new ObjectMass(0, 0, 0, 0, 0, true);
        }
        double mass = 0;
        for (int r = rows[0]; r < rows[1]; r++) {
            for (int c = cols[0]; c < cols[1]; c++) {
                mass += map[r * size + c];
            }
        }
        int pixels = (rows[1] - rows[0]) * (cols[1] - cols[0]);
        double share = total > 0 ? mass / total : 0;
        double density = total > 0 ? (mass / pixels) / (total / map.length) : 0;
        double mean = mass / pixels;
        int below = 0;
        for (float v : map) {
            if (v < mean) {
                below++;
            }
        }
        return new ObjectMass(mass, share, density, below / (double) map.length, pixels, false);
    }

    /** Map indices [from, to) that overlap screen pixels [start, start + length) of a region [origin, origin + extent). */
    static int[] span(int start, int length, int origin, int extent, int size) {
        double a = (start - origin) * (double) size / extent;
        double b = (start + length - origin) * (double) size / extent;
        int from = Math.max(0, (int) Math.floor(a));
        int to = Math.min(size, (int) Math.ceil(b));
        return new int[] {from, Math.max(from, to)};
    }
}
