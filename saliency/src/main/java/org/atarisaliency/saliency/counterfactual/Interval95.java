package org.atarisaliency.saliency.counterfactual;

/**
 * A 95% confidence interval; both ends NaN where it is not defined (too few values, an undefined estimate).
 *
 * @param low  lower end
 * @param high upper end
 */
public record Interval95(double low, double high) {
    private static final double Z = 1.959963984540054;
    private static final Interval95 NONE = new Interval95(Double.NaN, Double.NaN);

    /**
     * For a Spearman correlation {@code rho} over {@code n} pairs: Fisher's z with the standard error
     * sqrt((1 + rho^2 / 2) / (n - 3)) of Bonett and Wright (2000); undefined below 4 pairs.
     */
    public static Interval95 spearman(double rho, int n) {
        if (!Double.isFinite(rho) || n < 4) {
            return NONE;
        }
        double r = Math.max(-0.999999, Math.min(0.999999, rho));
        double z = 0.5 * Math.log((1 + r) / (1 - r)), se = Math.sqrt((1 + r * r / 2) / (n - 3));
        return new Interval95(Math.tanh(z - Z * se), Math.tanh(z + Z * se));
    }

    /** For a share {@code p} of {@code n} cases: Wilson's score interval; undefined for no cases. */
    public static Interval95 share(double p, int n) {
        if (!Double.isFinite(p) || n < 1) {
            return NONE;
        }
        double z2 = Z * Z, centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Interval95(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
