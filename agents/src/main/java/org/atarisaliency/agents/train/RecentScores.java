package org.atarisaliency.agents.train;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/** The returns of the last (up to) 100 finished episodes, oldest first: what training logs report. */
final class RecentScores {
    static final int KEEP = 100;
    private final ArrayDeque<Double> recent = new ArrayDeque<>();

    void add(double score) {
        recent.addLast(score);
        while (recent.size() > KEEP) {
            recent.removeFirst();
        }
    }

    void replace(List<Double> scores) {
        recent.clear();
        scores.forEach(this::add);
    }

    List<Double> list() {
        return List.copyOf(recent);
    }

    double mean() {
        return recent.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    double median() {
        if (recent.isEmpty()) {
            return Double.NaN;
        }
        double[] v = recent.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }
}
