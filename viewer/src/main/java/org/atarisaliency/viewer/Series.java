package org.atarisaliency.viewer;

import java.util.LinkedHashMap;
import java.util.Map;

/** A time series downsampled for a plot: the minimum and maximum of each of {@code buckets} equal runs of steps in a range. */
final class Series {
    private Series() {
    }

    /**
     * {@code first} (the first step of each bucket), {@code min} and {@code max} over steps [from, to) of {@code values}, in at most
     * {@code buckets} buckets (one per step when the range is shorter).
     */
    static Map<String, Object> minMax(double[] values, int from, int to, int buckets) {
        from = Math.max(0, Math.min(from, values.length));
        to = Math.max(from, Math.min(to, values.length));
        int n = Math.max(0, Math.min(Math.max(1, buckets), to - from));
        int[] first = new int[n];
        double[] min = new double[n], max = new double[n];
        for (int b = 0; b < n; b++) {
            int lo = from + (int) ((long) b * (to - from) / n), hi = from + (int) ((long) (b + 1) * (to - from) / n);
            double mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (int i = lo; i < hi; i++) {
                mn = Math.min(mn, values[i]);
                mx = Math.max(mx, values[i]);
            }
            first[b] = lo;
            min[b] = mn;
            max[b] = mx;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        m.put("first", first);
        m.put("min", min);
        m.put("max", max);
        return m;
    }
}
