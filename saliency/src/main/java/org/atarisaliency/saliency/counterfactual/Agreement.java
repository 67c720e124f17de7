package org.atarisaliency.saliency.counterfactual;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.atarisaliency.saliency.metrics.MapSimilarity;

/**
 * How well one saliency method predicted the interventions' effects, over every intervention that
 * took (across steps and objects), leaving out objects outside the agent's view:
 * <ul>
 * <li>{@code spearman}: rank correlation between the map's mass on the object (before the intervention)
 *     and the change the method explains (actor, critic or chosen-action score); {@code spearman_density}
 *     the same with the map's density on the object (mass per pixel over the map's mean), which ignores
 *     the object's size and how large the map is overall at that step; {@code per_object} the first,
 *     within each object;</li>
 * <li>{@code auc}: how well the map's density on the object separates interventions that matter
 *     (total-variation change of the policy at least {@code tvThreshold}) from those that do not
 *     (0.5 = chance, 1 = perfect);</li>
 * <li>Atrey's check: for interventions that do not matter, the median percentile of the object's mean
 *     saliency within its map and the share {@link ObjectMass#marked() marked} (in the map's top tenth):
 *     a truthful map keeps these low; the same for those that matter, for contrast.</li>
 * </ul>
 */
public final class Agreement {
    private Agreement() {
    }

    /** One intervention that took: its object, the changes and the method's mass on the object. */
    public record Sample(String object, String intervention, double change, double tv, ObjectMass mass) {
    }

    /** Atrey's check, for the interventions that do not matter and, for contrast, those that do. */
    public record Atrey(int noEffect, double medianPercentileNoEffect, double shareMarkedNoEffect, int effect, double medianPercentileEffect,
                        double shareMarkedEffect) {
    }

    /**
     * The result of one method.
     *
     * @param n            interventions compared (took, inside the view)
     * @param outsideView  interventions that took on objects outside the agent's view (left out)
     */
    public record Result(String method, String target, int n, int outsideView, double spearman, double spearmanDensity, double auc,
                         Atrey atrey, Map<String, Double> perObject) {
    }

    /** The agreement of {@code method}, whose map explains {@code target}, over {@code samples}. */
    public static Result of(String method, String target, List<Sample> samples, double tvThreshold) {
        List<Sample> in = samples.stream().filter(s -> !s.mass().outsideView()).toList();
        int outside = samples.size() - in.size();
        double[] change = in.stream().mapToDouble(Sample::change).toArray();
        double spearman = spearman(in.stream().mapToDouble(s -> s.mass().mass()).toArray(), change);
        double[] density = in.stream().mapToDouble(s -> s.mass().density()).toArray();
        double spearmanDensity = spearman(density, change);
        boolean[] matters = new boolean[in.size()];
        for (int i = 0; i < matters.length; i++) {
            matters[i] = in.get(i).tv() >= tvThreshold;
        }
        double auc = auc(density, matters);
        List<Double> no = new ArrayList<>(), yes = new ArrayList<>();
        for (int i = 0; i < matters.length; i++) {
            (matters[i] ? yes : no).add(in.get(i).mass().percentile());
        }
        double t = ObjectMass.MARKED_PERCENTILE;
        Atrey atrey = new Atrey(no.size(), median(no), shareAtLeast(no, t), yes.size(), median(yes), shareAtLeast(yes, t));
        Map<String, List<Sample>> byObject = new TreeMap<>();
        in.forEach(s -> byObject.computeIfAbsent(s.object(), k -> new ArrayList<>()).add(s));
        Map<String, Double> perObject = new LinkedHashMap<>();
        byObject.forEach((o, list) -> perObject.put(o, spearman(list.stream().mapToDouble(s -> s.mass().mass()).toArray(),
                list.stream().mapToDouble(Sample::change).toArray())));
        return new Result(method, target, in.size(), outside, spearman, spearmanDensity, auc, atrey, perObject);
    }

    /** Spearman rank correlation (ties: average ranks); NaN with fewer than 3 values or a constant variable. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        if (a.length < 3) {
            return Double.NaN;
        }
        return MapSimilarity.pearson(MapSimilarity.ranks(a), MapSimilarity.ranks(b));
    }

    /** Area under the ROC curve of {@code score} for {@code positive} (Mann-Whitney, ties count half); NaN if a class is empty. */
    public static double auc(double[] score, boolean[] positive) {
        double[] r = MapSimilarity.ranks(score);
        double sum = 0;
        long pos = 0;
        for (int i = 0; i < r.length; i++) {
            if (positive[i]) {
                sum += r[i];
                pos++;
            }
        }
        long neg = r.length - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    static double shareAtLeast(List<Double> v, double t) {
        return v.isEmpty() ? Double.NaN : v.stream().filter(x -> x >= t).count() / (double) v.size();
    }
}
