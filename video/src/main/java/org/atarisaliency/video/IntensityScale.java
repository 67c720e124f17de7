package org.atarisaliency.video;

import java.util.Locale;

/**
 * How one overlay's values become brightness, and how its colour bar is labelled: a value x is
 * drawn at level min(1, x / full) (0 = not drawn, 1 = full intensity), linearly, so brightness is
 * proportional to the quantity.
 *
 * @param full      the value drawn at full intensity (> 0)
 * @param quantity  what the values measure, for the colour bar ("actor: TV of pi", ...)
 * @param unit      the values' unit ("" for none)
 * @param basis     where {@code full} comes from: {@link #ABSOLUTE}, {@link #PER_CLIP} or {@link #FIXED}
 */
public record IntensityScale(double full, String quantity, String unit, String basis) {
    /** The documented scale that is the same for every agent, clip and game. */
    public static final String ABSOLUTE = "absolute";
    /** The clip's own running estimate (the old default): brightness is not comparable between clips. */
    public static final String PER_CLIP = "per-clip scale";
    /** A value given by the user. */
    public static final String FIXED = "fixed scale";

    /**
     * The actor's absolute scale: the total-variation distance between the action distributions with and without
     * the perturbation (the probability mass that moves to other actions, in [0, 1]), full at 0.25.
     */
    public static final IntensityScale ACTOR_TV = new IntensityScale(0.25, "actor: policy change (TV)", "", ABSOLUTE);
    /** The critic's absolute scale: |V(I) - V(I')| in units of return (the game's score points), full at 0.25. */
    public static final IntensityScale CRITIC_DV = new IntensityScale(0.25, "critic: value change |dV|", "return", ABSOLUTE);

    public IntensityScale {
        if (!(full > 0) || Double.isInfinite(full)) {
            throw new IllegalArgumentException("full must be a finite number > 0, got " + full);
        }
    }

    /** The paper's score 0.5 * sum (dlogits)^2 (actor) or 0.5 * dV^2 (critic) on a per-clip or fixed scale. */
    public static IntensityScale paperScore(boolean actor, double full, String basis) {
        return new IntensityScale(full, actor ? "actor: 0.5 sum dlogit^2" : "critic: 0.5 dV^2", "", basis);
    }

    /** The drawing level of {@code x}: 0..1. */
    public double level(double x) {
        return x > 0 ? Math.min(1.0, x / full) : 0;
    }

    /**
     * A number in the one format of every colour bar and of the memory strip: at most three significant digits,
     * plain from 0.0001 to 1000 ("0.125", "0.25"), scientific outside ("1.50e-06").
     */
    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1000) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** The bar's caption: quantity, unit and basis, e.g. "critic: value change |dV| (return), absolute". */
    public String caption() {
        return quantity + (unit.isEmpty() ? "" : " (" + unit + ")") + ", " + basis;
    }

    /** For provenance: full value, quantity, unit and basis. */
    public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("basis", basis);
        m.put("quantity", quantity);
        m.put("unit", unit);
        m.put("full_intensity_at", full);
        m.put("mapping", "linear: level = min(1, value / full_intensity_at)");
        return m;
    }
}
