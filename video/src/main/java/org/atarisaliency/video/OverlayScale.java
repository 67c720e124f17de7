package org.atarisaliency.video;

import java.util.Arrays;

/**
 * The saliency value drawn at full intensity. The default ({@link Mode#ABSOLUTE}) is a documented
 * constant ({@link IntensityScale#ACTOR_TV}, {@link IntensityScale#CRITIC_DV}) that means the same for
 * every agent, clip and game, so a policy that barely responds to the frame looks dark.
 * {@link Mode#PER_CLIP} is the old default, for any game without hand-tuned constants: a running
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
    private final IntensityScale absolute;
    private final boolean actor;
    private final long[] histogram = new long[BINS];
    private long seen;

    /** Where the value drawn at full intensity comes from. */
    public enum Mode {
        /** A documented constant on an absolute quantity (TV distance, |dV| in units of return): the default. */
        ABSOLUTE,
        /** The running per-clip estimate over the paper's scores; labelled "per-clip scale" on every frame. */
        PER_CLIP,
        /** A value given for the paper's scores, to compare clips on one chosen scale. */
        FIXED;

        /** Parses "absolute", "per-clip" or "fixed" (the {@code setting}'s value). */
        public static Mode parse(String text, String setting) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "absolute" -> ABSOLUTE;
                case "per-clip" -> PER_CLIP;
                case "fixed" -> FIXED;
                default -> throw new org.atarisaliency.env.InvalidSettingException(setting, "must be absolute, per-clip or fixed, got '" + text + "'");
            };
        }

        /** As parsed. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** @param fixed  a fixed scale, or NaN for the running estimate (the paper's actor score) */
    public OverlayScale(double fixed) {
        this(fixed, null, true);
    }

    private OverlayScale(double fixed, IntensityScale absolute, boolean actor) {
        if (!Double.isNaN(fixed) && !(fixed > 0 && fixed < Double.POSITIVE_INFINITY)) {
            throw new org.atarisaliency.env.InvalidSettingException("saliency_scale", "must be a finite number > 0, got " + fixed);
        }
        this.fixed = fixed;
        this.absolute = absolute;
        this.actor = actor;
    }

    /**
     * The scale of one overlay in {@code mode}: for {@link Mode#ABSOLUTE} the actor's or critic's documented constant
     * (the maps drawn must then be the absolute ones, TV and |dV|); else over the paper's scores, with {@code fixed}
     * the value of {@link Mode#FIXED}.
     */
    public static OverlayScale of(Mode mode, boolean actor, double fixed) {
        return switch (mode) {
            case ABSOLUTE -> new OverlayScale(Double.NaN, actor ? IntensityScale.ACTOR_TV : IntensityScale.CRITIC_DV, actor);
            case PER_CLIP -> new OverlayScale(Double.NaN, null, actor);
            case FIXED -> new OverlayScale(fixed, null, actor);
        };
    }

    /** The scale as it stands: what a frame released now is drawn with, and what its colour bar says. */
    public synchronized IntensityScale current() {
        if (absolute != null) {
            return absolute;
        }
        return IntensityScale.paperScore(actor, value(), isFixed() ? IntensityScale.FIXED : IntensityScale.PER_CLIP);
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

    /** The current value drawn at full intensity (per-clip: a tiny positive number before anything salient was seen). */
    public synchronized double value() {
        if (absolute != null) {
            return absolute.full();
        }
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
