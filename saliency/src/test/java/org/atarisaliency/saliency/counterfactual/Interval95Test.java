package org.atarisaliency.saliency.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The intervals against scipy 1.17 (stats.t.ppf, stats.t.interval, ttest_ind(equal_var=False).confidence_interval()). */
class Interval95Test {
    @Test
    void tQuantilesMatchScipy() {
        double[][] dfQ = {{1, 12.7062047}, {5, 2.5705818}, {5.5, 2.5018586}, {6, 2.4469119}, {9, 2.2621572}, {19, 2.0930241}, {50, 2.0085591}};
        for (double[] r : dfQ) {
            assertEquals(r[1], Interval95.t975(r[0]), 2e-3, "df " + r[0]);
        }
    }

    @Test
    void meanIntervalMatchesScipy() {
        Interval95 i = Interval95.mean(new double[] {18, 19, 17, 20, 16});
        assertEquals(16.0367568, i.low(), 1e-6);
        assertEquals(19.9632432, i.high(), 1e-6);
        assertTrue(Double.isNaN(Interval95.mean(new double[] {3}).low()), "one value has no interval");
    }

    @Test
    void welchDifferenceMatchesScipy() {
        Interval95 i = Interval95.difference(new double[] {18, 19, 17, 20, 16}, new double[] {-12, -15, -9, -15, -11, -3});
        assertEquals(24.1005567, i.low(), 0.02);
        assertEquals(33.5661099, i.high(), 0.02);
        Interval95 same = Interval95.difference(new double[] {2, 2}, new double[] {1, 1});
        assertEquals(1.0, same.low());
        assertEquals(1.0, same.high());
    }
}
