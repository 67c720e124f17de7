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

    /** Student's t quantiles at 0.975 for 1..5 degrees of freedom (above, Hill's expansion is within 1e-3). */
    private static final double[] T_SMALL = {12.7062047, 4.30265273, 3.18244631, 2.77644511, 2.57058184};

    /** For the mean of {@code x}: mean +- t(0.975, n - 1) * sd / sqrt(n); undefined below 2 values. */
    public static Interval95 mean(double[] x) {
        int n = x.length;
        if (n < 2) {
            return NONE;
        }
        double m = average(x), half = t975(n - 1) * Math.sqrt(variance(x, m) / n);
        return new Interval95(m - half, m + half);
    }

    /**
     * For the difference of means {@code mean(a) - mean(b)} of two independent samples: Welch's interval (t with
     * Welch-Satterthwaite degrees of freedom); undefined unless both have 2 values.
     */
    public static Interval95 difference(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return NONE;
        }
        double ma = average(a), mb = average(b), va = variance(a, ma) / a.length, vb = variance(b, mb) / b.length;
        double se = Math.sqrt(va + vb), d = ma - mb;
        if (se == 0) {
            return new Interval95(d, d);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double half = t975(df) * se;
        return new Interval95(d - half, d + half);
    }

    /** The mean of {@code x} (NaN for none). */
    public static double average(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    /** Student's t 0.975 quantile for {@code df} degrees of freedom (a table to 5, then Hill's 1970 expansion in 1/df). */
    static double t975(double df) {
        if (df < 1) {
            return Double.NaN;
        }
        if (df <= 5 && df == Math.rint(df)) {
            return T_SMALL[(int) df - 1];
        }
        double z = Z, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
        return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df)
                + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df * df * df * df);
    }
}
