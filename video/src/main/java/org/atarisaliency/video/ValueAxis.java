package org.atarisaliency.video;

import java.util.Locale;

/**
 * The y axis of the panel's value chart: the range of the values shown, widened to round ticks
 * (1, 2 or 5 times a power of ten, about three of them), with labels at the precision of the step.
 *
 * @param lo    the bottom of the axis (a tick)
 * @param hi    the top of the axis (a tick)
 * @param step  the distance between ticks
 */
record ValueAxis(double lo, double hi, double step) {
    /** The axis for these values (0..1 when there are none). */
    static ValueAxis of(double[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double d : values) {
            if (Double.isFinite(d)) {
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        double step = roundStep(Math.max(hi - lo, 1e-3) / 3);
        double a = Math.floor(lo / step + 1e-9) * step, b = Math.ceil(hi / step - 1e-9) * step;
        if (b - a < step / 2) {
            b = a + step;
        }
        return new ValueAxis(a, b, step);
    }

    /** The smallest of 1, 2, 5 times a power of ten at or above {@code raw}. */
    static double roundStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The ticks from bottom to top. */
    double[] ticks() {
        int n = (int) Math.round((hi - lo) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = lo + i * step;
        }
        return t;
    }

    /** A tick's label, with as many decimals as the step needs, the same for every tick ("-0.5", "0.0", "0.5"). */
    String format(double tick) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", tick);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /** The chart y of a value, for a chart at {@code top} of height {@code h}. */
    double y(double v, int top, int h) {
        return top + h - 1 - (v - lo) / (hi - lo) * (h - 2);
    }

    /** The pixel row of a tick. */
    int row(double tick, int top, int h) {
        return (int) Math.round(y(tick, top, h));
    }
}
