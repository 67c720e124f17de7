package org.atarisaliency.video;

import java.util.Arrays;

/**
 * The saliency value drawn at full intensity, for any game without hand-tuned constants: a running
 * estimate over the clip, the median of the per-frame 99.5th percentiles seen so far (the
 * recorder holds frames back until a look-ahead window has been seen, so the first frames are
 * scaled like the rest). A typical frame's most salient 0.5% reaches full intensity; frames with
 * more saliency saturate, frames with less look dimmer, so brightness stays comparable along the
 * clip (the reference code instead divided every frame by its own maximum and used per-game
 * constants). A fixed value replaces it so that two agents can be compared on
 * the same scale. Memory is constant: the median is kept with a fixed-size log histogram.
 */
public final class OverlayScale {
    private static final int BINS = 4096;
    private static final double LOG_MIN = Math.log(1e-12), LOG_MAX = Math.log(1e8);
    private final double fixed;
    private final long[] histogram = new long[BINS];
    private long seen;

    /** @param fixed  a fixed scale, or NaN for the running estimate */
    public OverlayScale(double fixed) {
        if (!Double.isNaN(fixed) && !(fixed > 0 && fixed < Double.POSITIVE_INFINITY)) {
            throw new org.atarisaliency.env.InvalidSettingException("saliency_scale", "must be a finite number > 0, got " + fixed);
        }
        this.fixed = fixed;
    }

    /** Takes one frame's map into the estimate. */
    public synchronized void observe(float[] map) {
        if (map == null) {
            return;
        }
        double p = percentile(map, 0.995);
        double lg = Math.log(Math.max(p, 1e-12));
        int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor((lg - LOG_MIN) / (LOG_MAX - LOG_MIN) * BINS)));
        histogram[bin]++;
        seen++;
    }

    /** The median of the observed per-frame percentiles (bin centre; bins are 0.7% wide). */
    private double median() {
        if (seen == 0) {
            return 0;
        }
        long half = (seen + 1) / 2, acc = 0;
        for (int b = 0; b < BINS; b++) {
            acc += histogram[b];
            if (acc >= half) {
                return Math.exp(LOG_MIN + (b + 0.5) / BINS * (LOG_MAX - LOG_MIN));
            }
        }
        return 0;
    }

    /** The current scale (a tiny positive number before anything salient was seen). */
    public synchronized double value() {
        return Double.isNaN(fixed) ? Math.max(median(), 1e-12) : fixed;
    }

    /** Whether this is a fixed scale. */
    public boolean isFixed() {
        return !Double.isNaN(fixed);
    }

    static double percentile(float[] v, double q) {
        float[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))));
        return s[i];
    }
}
