package org.atarisaliency.saliency.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Deletion and insertion curves (in the spirit of Petsiuk et al. 2018, RISE), a faithfulness
 * measure that compares saliency methods on the same frames. The pixels are ranked by a map (at
 * input resolution, most salient first; ties by pixel index). <b>Deletion</b> starts from the frame
 * I and replaces the top fraction f of the pixels with the blurred frame B (the same blur the
 * perturbation method uses, so "deleting" means what the method measured); <b>insertion</b>
 * starts from B and restores the top fraction f from I. At f = 0, 1/steps, ..., 1 we measure,
 * against the unperturbed output on I (same recurrent state), the policy change
 * 0.5 * sum_a (logit_a(I) - logit_a(x_f))^2 and the probability of I's greedy action. For a frame
 * stack the same pixel is replaced in every channel. The areas under the curves are trapezoids
 * over the fraction axis [0, 1].
 *
 * <p>Reading the numbers: a faithful map deletes what matters first, so its deletion curve of
 * policy change rises faster (larger AUC) and its curve of the original action's probability falls
 * faster (smaller AUC) than a random map's; in insertion the policy change falls faster (smaller
 * AUC) and the probability recovers faster (larger AUC). Both ends of every curve are the same
 * for all methods (I and B).
 *
 * <p>All 2 * (steps + 1) images of a frame's two curves go through one {@link Policy#forward};
 * the first image is I itself, which gives the reference output.
 */
public final class DeletionInsertion {
    /** Default number of steps (fractions 0, 5%, ..., 100%). */
    public static final int DEFAULT_STEPS = 20;

    /**
     * One curve.
     *
     * @param fractions          0, 1/steps, ..., 1
     * @param policyChange       0.5 * squared logit distance to the unperturbed output, per fraction
     * @param actionProbability  probability of the unperturbed greedy action, per fraction
     */
    public record Curve(double[] fractions, double[] policyChange, double[] actionProbability) {
        /** Area under the policy-change curve. */
        public double policyChangeAuc() {
            return trapezoid(fractions, policyChange);
        }

        /** Area under the original-action probability curve. */
        public double actionProbabilityAuc() {
            return trapezoid(fractions, actionProbability);
        }
    }

    /** Both curves of one frame (or their means over frames). */
    public record Result(Curve deletion, Curve insertion) {
    }

    /**
     * One method over several frames.
     *
     * @param method    its name
     * @param mean      the mean curves over the frames (their AUCs are the mean AUCs)
     * @param perFrame  each frame's curves
     */
    public record Summary(String method, Result mean, List<Result> perFrame) {
    }

    private final Policy policy;
    private final int steps;

    /** Curves with {@code steps} steps (steps + 1 points) for this policy. */
    public DeletionInsertion(Policy policy, int steps) {
        if (steps < 1 || steps > 1000) {
            throw new IllegalArgumentException("steps must be in 1..1000, got " + steps);
        }
        this.policy = policy;
        this.steps = steps;
    }

    /** With {@link #DEFAULT_STEPS}. */
    public DeletionInsertion(Policy policy) {
        this(policy, DEFAULT_STEPS);
    }

    /**
     * The standard methods compared: {@code perturbation_actor} ({@link SaliencyMap#actorUpsampled()}),
     * {@code chosen_action} ({@link SaliencyMap#chosenUpsampled()}) and {@code random} (uniform
     * noise from an RNG seeded once with {@code seed}, so a run over the same frames in the same
     * order is reproducible). Add entries to the returned (mutable, ordered) map to compare other
     * methods: each maps a frame's perturbation result to a map at input resolution.
     */
    public static Map<String, Function<SaliencyMap, float[]>> standardMethods(long seed) {
        Map<String, Function<SaliencyMap, float[]>> m = new LinkedHashMap<>();
        m.put("perturbation_actor", SaliencyMap::actorUpsampled);
        m.put("chosen_action", SaliencyMap::chosenUpsampled);
        Random rng = new Random(seed);
        m.put("random", s -> {
            float[] r = new float[s.inputSize() * s.inputSize()];
            for (int i = 0; i < r.length; i++) {
                r[i] = rng.nextFloat();
            }
            return r;
        });
        return m;
    }

    /** Pixel indices from the most to the least salient (ties: lower index first). */
    public static int[] order(float[] map) {
        for (float v : map) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("saliency map has a non-finite value: " + v);
            }
        }
        Integer[] idx = new Integer[map.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> map[a] != map[b] ? Float.compare(map[b], map[a]) : Integer.compare(a, b));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** Trapezoid rule. */
    public static double trapezoid(double[] x, double[] y) {
        double s = 0;
        for (int i = 1; i < x.length; i++) {
            s += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
        }
        return s;
    }

    /**
     * Both curves of one frame.
     *
     * @param input    I (C*S*S)
     * @param blurred  B, same shape
     * @param state    the recurrent state before the step (batch 1)
     * @param map      saliency at input resolution (S*S)
     */
    public Result evaluate(float[] input, float[] blurred, RecurrentState state, float[] map) {
        int size = policy.inputSize(), plane = size * size, per = policy.inputChannels() * plane;
        if (input.length != per || blurred.length != per) {
            throw new IllegalArgumentException("input and blurred must have " + per + " floats, got " + input.length + " and " + blurred.length);
        }
        if (map.length != plane) {
            throw new IllegalArgumentException("the map must be " + size + "x" + size + " (" + plane + " values), got " + map.length);
        }
        int[] rank = order(map);
        int points = steps + 1;
        float[] x = new float[2 * points * per];
        double[] fractions = new double[points];
        for (int k = 0; k < points; k++) {
            fractions[k] = (double) k / steps;
            int n = (int) Math.round((double) k * plane / steps);
            int del = k * per, ins = (points + k) * per;
            System.arraycopy(input, 0, x, del, per);
            System.arraycopy(blurred, 0, x, ins, per);
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < per; c += plane) {
                    int p = c + rank[j];
                    x[del + p] = blurred[p];
                    x[ins + p] = input[p];
                }
            }
        }
        PolicyOutput out = policy.forward(x, state.repeatRow(0, 2 * points));
        int a = out.actions();
        int act = out.greedyAction(0);
        double[][] change = new double[2][points], prob = new double[2][points];
        for (int i = 0; i < 2 * points; i++) {
            double s = 0;
            for (int j = 0; j < a; j++) {
                double d = out.logits()[j] - out.logits()[i * a + j];
                s += d * d;
            }
            change[i / points][i % points] = 0.5 * s;
            prob[i / points][i % points] = out.probabilities(i)[act];
        }
        return new Result(new Curve(fractions, change[0], prob[0]), new Curve(fractions.clone(), change[1], prob[1]));
    }

    /**
     * Compares methods on the same frames.
     *
     * @param frames    the frames (input and state)
     * @param maps      their perturbation results (for B and for the methods' maps)
     * @param methods   name to map function, e.g. {@link #standardMethods}
     */
    public List<Summary> compare(List<SaliencyRequest> frames, List<SaliencyMap> maps, Map<String, Function<SaliencyMap, float[]>> methods,
                                 Consumer<String> progress) {
        if (frames.size() != maps.size() || frames.isEmpty()) {
            throw new IllegalArgumentException("need one map per frame and at least one frame, got " + frames.size() + " frames and "
                    + maps.size() + " maps");
        }
        Map<String, List<Result>> per = new LinkedHashMap<>();
        methods.keySet().forEach(k -> per.put(k, new ArrayList<>()));
        for (int i = 0; i < frames.size(); i++) {
            SaliencyMap m = maps.get(i);
            for (Map.Entry<String, Function<SaliencyMap, float[]>> e : methods.entrySet()) {
                progress.accept("deletion/insertion: " + e.getKey() + ", frame " + (i + 1) + "/" + frames.size());
                per.get(e.getKey()).add(evaluate(m.input(), m.blurred(), frames.get(i).state(), e.getValue().apply(m)));
            }
        }
        List<Summary> out = new ArrayList<>();
        per.forEach((name, rs) -> out.add(new Summary(name, mean(rs), List.copyOf(rs))));
        return out;
    }

    private static Result mean(List<Result> rs) {
        return new Result(meanCurve(rs.stream().map(Result::deletion).toList()), meanCurve(rs.stream().map(Result::insertion).toList()));
    }

    private static Curve meanCurve(List<Curve> cs) {
        int n = cs.get(0).fractions().length;
        double[] pc = new double[n], ap = new double[n];
        for (Curve c : cs) {
            for (int k = 0; k < n; k++) {
                pc[k] += c.policyChange()[k] / cs.size();
                ap[k] += c.actionProbability()[k] / cs.size();
            }
        }
        return new Curve(cs.get(0).fractions().clone(), pc, ap);
    }
}
