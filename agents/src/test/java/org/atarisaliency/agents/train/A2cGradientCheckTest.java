package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/**
 * The learner's analytic gradient (float) against central finite differences of a separate
 * double-precision forward ({@link ReferenceA2c}), on a tiny batch with an episode end, for a
 * sample of the parameters of every tensor (its largest gradients and random ones): of the A2C
 * loss and of the imitation loss (cross-entropy to expert labels, no gradient into the critic).
 */
class A2cGradientCheckTest {
    private static final double EPS = 1e-4;
    private static final A2cConfig CFG = new A2cConfig(0.9, 0.95, 1e-3, 0.5, 0.05, 40, 0.9, 0.999, 1e-8);

    /** Expert labels for {@link #tinyBatch} with 4 actions: every action, changing within each env. */
    static final int[] LABELS = {3, 0, 1, 1, 2, 0};

    @Test
    void gruGradientMatchesFiniteDifferences() {
        checkA2c(RecurrentCell.GRU, 5);
    }

    @Test
    void lstmGradientMatchesFiniteDifferences() {
        checkA2c(RecurrentCell.LSTM, 6);
    }

    @Test
    void gruImitationGradientMatchesFiniteDifferences() {
        checkImitation(RecurrentCell.GRU, 7);
    }

    @Test
    void lstmImitationGradientMatchesFiniteDifferences() {
        checkImitation(RecurrentCell.LSTM, 8);
    }

    /** A tiny batch (N=2, T=3) with rewards and an episode end in the middle of env 0. */
    static Batch tinyBatch(ActorCriticWeights w, long seed) {
        Batch b = LearnerBench.syntheticBatch(w, 2, 3, seed);
        boolean[] dones = new boolean[6];
        dones[2] = true;
        float[] rewards = {0f, 1f, -1f, 0f, 0.5f, 1f};
        return new Batch(2, 3, b.inputLength(), b.observations(), b.actions(), rewards, dones, b.start());
    }

    private static void checkA2c(RecurrentCell cell, long seed) {
        ActorCriticWeights w = Init.pytorchDefault(cell, 4, seed);
        Batch b = tinyBatch(w, seed);
        Map<String, float[]> analytic;
        double learnerLoss;
        try (A2cLearner learner = new A2cLearner(w, CFG, 2)) {
            analytic = learner.gradients(b);
            learnerLoss = learner.loss(b);
        }
        Map<String, double[]> p = ReferenceA2c.params(w);
        double[][] feat = ReferenceA2c.features(p, w, b);
        ReferenceA2c.Out base = ReferenceA2c.recurrent(p, w, b, feat);
        double[] adv = ReferenceA2c.advantages(CFG, b, base.values());
        double[] ret = new double[adv.length];
        for (int s = 0; s < adv.length; s++) {
            ret[s] = adv[s] + base.values()[s];
        }
        ToDoubleFunction<ReferenceA2c.Out> loss = o -> ReferenceA2c.loss(CFG, b, w.actions(), o, adv, ret);
        assertEquals(loss.applyAsDouble(base), learnerLoss, 1e-5, "loss");
        int checked = check(cell, seed, w, b, p, feat, analytic, loss, false);
        assertTrue(checked >= 8 * 3 + 6 * 6, checked + " entries checked");
    }

    /** Also: the critic gets exactly zero gradient, and the learner's cross-entropy matches the reference. */
    private static void checkImitation(RecurrentCell cell, long seed) {
        ActorCriticWeights w = Init.pytorchDefault(cell, 4, seed);
        Batch b = tinyBatch(w, seed);
        Map<String, float[]> analytic;
        ImitationStats st;
        try (A2cLearner learner = new A2cLearner(w, CFG, 2)) {
            analytic = learner.imitationGradients(b, LABELS);
            st = learner.imitate(b, LABELS);
        }
        Map<String, double[]> p = ReferenceA2c.params(w);
        double[][] feat = ReferenceA2c.features(p, w, b);
        ToDoubleFunction<ReferenceA2c.Out> loss = o -> ReferenceA2c.crossEntropy(LABELS, w.actions(), o);
        assertEquals(loss.applyAsDouble(ReferenceA2c.recurrent(p, w, b, feat)), st.crossEntropy(), 1e-5, "cross-entropy");
        int checked = check(cell, seed, w, b, p, feat, analytic, loss, true);
        assertTrue(checked >= 8 * 3 + 5 * 6, checked + " entries checked");
    }

    /**
     * Compares a sample of {@code analytic} with central differences of {@code loss}; the critic's
     * tensors must be exactly zero where {@code zeroCritic}. Returns how many entries were checked.
     */
    private static int check(RecurrentCell cell, long seed, ActorCriticWeights w, Batch b, Map<String, double[]> p, double[][] feat,
                             Map<String, float[]> analytic, ToDoubleFunction<ReferenceA2c.Out> loss, boolean zeroCritic) {
        Random r = new Random(seed);
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, float[]> e : analytic.entrySet()) {
            String name = e.getKey();
            float[] g = e.getValue();
            double scale = 0;
            for (float x : g) {
                scale = Math.max(scale, Math.abs(x));
            }
            if (zeroCritic && name.startsWith("critic")) {
                assertEquals(0, scale, name + " should get no gradient");
                continue;
            }
            assertTrue(scale > 0, name + " has a zero gradient");
            boolean conv = name.startsWith("conv");
            for (int idx : indices(g, conv ? 2 : 4, conv ? 1 : 2, r)) {
                double[] t = p.get(name);
                double keep = t[idx];
                t[idx] = keep + EPS;
                double up = loss.applyAsDouble(forward(p, w, b, conv ? null : feat));
                t[idx] = keep - EPS;
                double down = loss.applyAsDouble(forward(p, w, b, conv ? null : feat));
                t[idx] = keep;
                double fd = (up - down) / (2 * EPS);
                double err = Math.abs(fd - g[idx]);
                checked.add(name + "[" + idx + "]");
                assertTrue(err <= 1e-3 * Math.abs(fd) + 1e-5 * scale,
                        cell + " " + name + "[" + idx + "]: analytic " + g[idx] + ", finite difference " + fd + " (max |grad| " + scale + ")");
            }
        }
        return checked.size();
    }

    private static ReferenceA2c.Out forward(Map<String, double[]> p, ActorCriticWeights w, Batch b, double[][] feat) {
        return ReferenceA2c.recurrent(p, w, b, feat != null ? feat : ReferenceA2c.features(p, w, b));
    }

    /** The {@code top} largest |g| entries and {@code random} others. */
    private static int[] indices(float[] g, int top, int random, Random r) {
        Integer[] order = new Integer[g.length];
        for (int i = 0; i < g.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Float.compare(Math.abs(g[y]), Math.abs(g[x])));
        int k = Math.min(g.length, top + random);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = i < top || g.length <= k ? order[i] : order[top + r.nextInt(g.length - top)];
        }
        return out;
    }
}
