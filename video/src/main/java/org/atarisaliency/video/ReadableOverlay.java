package org.atarisaliency.video;

import org.atarisaliency.env.Resize;
import org.atarisaliency.env.ScreenRegion;

/**
 * The default overlay ({@link OverlayStyle.Kind#FILL_CONTOUR}): the actor map as a fill blended towards the
 * actor colour, the critic map as contour lines at 25%, 50% and 75% of its full-intensity value in the
 * critic colour (stronger lines for higher levels), so that where both maps are strong the fill and the
 * lines stay apart instead of mixing into one colour. The frame's most common colour inside the maps'
 * region is taken as the background; every other pixel belongs to an object (paddle, ball, brick,
 * invader) and is tinted with {@link #OBJECT_SHARE} of the weight, so objects keep their own colours.
 * Works on the 160x210 screen before magnification, in place.
 */
final class ReadableOverlay {
    /** The share of the blend weight that object pixels (not the background colour) get. */
    static final double OBJECT_SHARE = 0.3;
    /** Contour levels, as fractions of the value drawn at full intensity, and each level's blend weight. */
    static final double[] LEVELS = {0.25, 0.5, 0.75};
    private static final double[] LEVEL_WEIGHT = {0.6, 0.8, 1.0};

    private ReadableOverlay() {
    }

    /** Draws the actor fill and the critic contours of {@code f} onto {@code screen} (packed RGB, 160x210). */
    static void draw(int[] screen, FrameInfo f, OverlayStyle style) {
        ScreenRegion r = f.region();
        boolean[] object = objectPixels(screen, r);
        if (f.actor() != null && f.actorScale().full() > 0) {
            float[] up = Resize.resize(f.actor(), f.mapSize(), f.mapSize(), r.width(), r.height());
            for (int y = 0; y < r.height(); y++) {
                for (int x = 0; x < r.width(); x++) {
                    int k = y * r.width() + x;
                    double a = style.opacity() * strength(up[k], f.actorScale()) * (object[k] ? OBJECT_SHARE : 1);
                    int i = (y + r.y()) * 160 + x + r.x();
                    screen[i] = mix(screen[i], style.actor(), a);
                }
            }
        }
        if (f.critic() != null && f.criticScale().full() > 0) {
            float[] up = Resize.resize(f.critic(), f.mapSize(), f.mapSize(), r.width(), r.height());
            for (int y = 0; y < r.height(); y++) {
                for (int x = 0; x < r.width(); x++) {
                    int k = y * r.width() + x;
                    int level = contourLevel(up, r.width(), r.height(), x, y, f.criticScale());
                    if (level >= 0) {
                        int i = (y + r.y()) * 160 + x + r.x();
                        screen[i] = mix(screen[i], style.critic(), LEVEL_WEIGHT[level] * (object[k] ? 0.5 : 1));
                    }
                }
            }
        }
    }

    /** The map's strength 0..1 on its scale: its value over the value drawn at full intensity, clipped. */
    static double strength(double value, IntensityScale s) {
        return s.level(value);
    }

    /** Whether level {@code t} (0..1) of a colour bar {@code w} pixels wide lies on one of the contour levels (within {@code px} pixels). */
    static boolean onContour(double t, int w, int px) {
        for (double l : LEVELS) {
            if (Math.abs(t - l) * (w - 1) < px) {
                return true;
            }
        }
        return false;
    }

    /** The highest contour level this pixel lies on (at or above it, a 4-neighbour below it), or -1. */
    static int contourLevel(float[] up, int w, int h, int x, int y, IntensityScale s) {
        double v = strength(up[y * w + x], s);
        double low = v;
        if (x > 0) {
            low = Math.min(low, strength(up[y * w + x - 1], s));
        }
        if (x + 1 < w) {
            low = Math.min(low, strength(up[y * w + x + 1], s));
        }
        if (y > 0) {
            low = Math.min(low, strength(up[(y - 1) * w + x], s));
        }
        if (y + 1 < h) {
            low = Math.min(low, strength(up[(y + 1) * w + x], s));
        }
        for (int l = LEVELS.length - 1; l >= 0; l--) {
            if (v >= LEVELS[l] && low < LEVELS[l]) {
                return l;
            }
        }
        return -1;
    }

    /** Which pixels of the region differ from its most common colour (the game's background). */
    static boolean[] objectPixels(int[] screen, ScreenRegion r) {
        int background = mostCommon(screen, r);
        boolean[] out = new boolean[r.width() * r.height()];
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                out[y * r.width() + x] = screen[(y + r.y()) * 160 + x + r.x()] != background;
            }
        }
        return out;
    }

    /** The most common colour in the region (open addressing: an Atari frame has few colours). */
    private static int mostCommon(int[] screen, ScreenRegion r) {
        int[] keys = new int[1024], counts = new int[1024];
        java.util.Arrays.fill(keys, -1);
        int best = 0, bestCount = 0;
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                int c = screen[(y + r.y()) * 160 + x + r.x()];
                int h = (c * 0x9E3779B1) >>> 22;
                while (keys[h] != -1 && keys[h] != c) {
                    h = (h + 1) & 1023;
                }
                keys[h] = c;
                if (++counts[h] > bestCount) {
                    bestCount = counts[h];
                    best = c;
                }
            }
        }
        return best;
    }

    /** Moves {@code p} towards {@code colour} by {@code a} (0..1). */
    static int mix(int p, int colour, double a) {
        int nr = (int) Math.round(((p >> 16) & 0xff) * (1 - a) + ((colour >> 16) & 0xff) * a);
        int ng = (int) Math.round(((p >> 8) & 0xff) * (1 - a) + ((colour >> 8) & 0xff) * a);
        int nb = (int) Math.round((p & 0xff) * (1 - a) + (colour & 0xff) * a);
        return (nr << 16) | (ng << 8) | nb;
    }
}
