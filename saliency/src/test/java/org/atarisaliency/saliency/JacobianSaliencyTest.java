package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/**
 * SameDiff input gradients against central finite differences of our own forward pass
 * ({@link ActorCriticPolicy#forward}, float32), on a real Pong frame and state and on a random LSTM.
 *
 * <p>Tolerance. In float32 a central difference with step eps has truncation error ~eps^2 f'''
 * (large steps) and rounding noise ~(forward rounding error) / eps (small steps); on Pong the first
 * dominates at eps = 1e-2 (errors ~3% of the largest gradient), on the random LSTM, whose gradients
 * are ~1e-3, the second at eps = 1e-3. So each difference is taken at steps 1.6e-2 ... 5e-4
 * (halving), and per output the adjacent pair that agrees best gives the estimate fd and an error
 * bound e (their largest disagreement over the checked pixels). A gradient g passes when
 * |g - fd| <= 1e-2 * max_p |g| + 1e-2 * |g| + 2 e at every checked pixel p (max over the checked
 * pixels of that output); the maps likewise, with e propagated. The same comparison must reject the
 * gradient of another output and the right gradient shifted by one pixel, so it can fail.
 */
class JacobianSaliencyTest {
    /** Finite-difference steps: 1.6e-2 halved down to 5e-4. */
    private static final double[] STEPS = {1.6e-2, 8e-3, 4e-3, 2e-3, 1e-3, 5e-4};
    private static final double ABS = 1e-2;
    private static final double REL = 1e-2;

    @Test
    void gradientsMatchFiniteDifferencesOnRealPongFrame() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("pong-v4", "Pong-v4", 60).get(0);
        try (ActorCriticPolicy p = ActorCriticPolicy.load(TestAssets.agent("pong-v4", 80), 6);
             JacobianSaliency js = new JacobianSaliency(p)) {
            check(p, js, f.input(), f.stateBefore(), 1, "pong GRU");
            // the graph is reused: another state in between does not change the result
            float[][] first = js.jacobian(f.input(), f.stateBefore());
            js.jacobian(f.input(), p.initialState(1));
            float[][] again = js.jacobian(f.input(), f.stateBefore());
            for (int o = 0; o < first.length; o++) {
                assertArrayEquals(first[o], again[o], 1e-6f, "output " + o + " after another call");
            }
            timing(js, f.input(), f.stateBefore(), "pong GRU");
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOnRandomLstm() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("pong-v4", "Pong-v4", 60).get(0);
        ActorCriticWeights w = org.atarisaliency.agents.nets.TestNetworks.randomLstm(5, 21);
        Random r = new Random(5);
        RecurrentState st = RecurrentState.zeros(1, w.cell().stateNames(), w.hidden());
        for (float[] part : st.parts()) {
            for (int i = 0; i < part.length; i++) {
                part[i] = (float) Math.tanh(r.nextGaussian() * 0.5);
            }
        }
        try (ActorCriticPolicy p = new ActorCriticPolicy(w, "random lstm");
             JacobianSaliency js = new JacobianSaliency(p)) {
            check(p, js, f.input(), st, 2, "random LSTM");
            timing(js, f.input(), st, "random LSTM");
        }
    }

    @Test
    void rejectsOtherPolicies() {
        Policy other = new Policy() {
            public int inputSize() {
                return 80;
            }

            public int inputChannels() {
                return 1;
            }

            public int actionCount() {
                return 2;
            }

            public List<String> stateNames() {
                return List.of();
            }

            public int stateSize() {
                return 0;
            }

            public String describe() {
                return "a feed-forward test policy";
            }

            public PolicyOutput forward(float[] observations, RecurrentState state) {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JacobianSaliency(other));
        assertTrue(e.getMessage().contains("A3C actor-critic") && !e.getMessage().contains("\n"), e.getMessage());
    }

    private void check(ActorCriticPolicy p, JacobianSaliency js, float[] input, RecurrentState st, long seed, String what) {
        int a = p.actionCount();
        int s = p.inputSize();
        int per = s * s;
        float[][] jac = js.jacobian(input, st);
        assertEquals(a + 1, jac.length);
        JacobianMap map = js.compute(SaliencyRequest.of(input, st));
        PolicyOutput base = p.forward(input, st);
        assertEquals(base.greedyAction(0), map.action(), what + ": explained action");
        assertEquals(s, map.size());
        // the maps are the documented functions of the Jacobian
        for (int i = 0; i < per; i++) {
            double sum = 0;
            for (int b = 0; b < a; b++) {
                sum += (double) jac[b][i] * jac[b][i];
            }
            assertEquals(Math.abs(jac[map.action()][i]), map.chosen()[i], 0f);
            assertEquals(Math.abs(jac[a][i]), map.critic()[i], 0f);
            assertEquals(0.5 * sum, map.allLogits()[i], 1e-6 * (0.5 * sum) + 1e-30);
        }
        int other = (map.action() + 1) % a;
        assertEquals(other, js.compute(SaliencyRequest.of(input, st), other).action());

        // pixels: 30 random plus the top 5 of each map
        Set<Integer> px = new LinkedHashSet<>();
        Random r = new Random(seed);
        while (px.size() < 30) {
            px.add(r.nextInt(per));
        }
        px.addAll(top(map.chosen(), 5));
        px.addAll(top(map.allLogits(), 5));
        px.addAll(top(map.critic(), 5));
        int[] pixels = px.stream().mapToInt(Integer::intValue).toArray();
        Fd fds = finiteDifferences(p, input, st, pixels);
        double[][] fd = fds.value(), fdErr = fds.error();

        double worst = 0, worstRel = 0;
        for (int o = 0; o <= a; o++) {
            String name = what + (o < a ? " logit " + o : " value");
            double ratio = worstRatio(jac[o], pixels, fd[o], fdErr[o]);
            worst = Math.max(worst, ratio);
            double rel = 0;
            for (int k = 0; k < pixels.length; k++) {
                rel = Math.max(rel, Math.abs(jac[o][pixels[k]] - fd[o][k]) / maxAbs(jac[o], pixels));
            }
            worstRel = Math.max(worstRel, rel);
            assertTrue(ratio <= 1, name + ": gradient disagrees with finite differences (error / tolerance = " + ratio + ")");
            assertTrue(maxAbs(jac[o], pixels) > 0, name + ": gradient is zero at every checked pixel");
        }
        // the maps against the finite differences directly (errors propagated)
        double[] fdChosen = new double[pixels.length], fdAll = new double[pixels.length], fdCritic = new double[pixels.length];
        double[] eChosen = new double[pixels.length], eAll = new double[pixels.length], eCritic = new double[pixels.length];
        float[] mChosen = new float[pixels.length], mAll = new float[pixels.length], mCritic = new float[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            fdChosen[k] = Math.abs(fd[map.action()][k]);
            eChosen[k] = fdErr[map.action()][k];
            fdCritic[k] = Math.abs(fd[a][k]);
            eCritic[k] = fdErr[a][k];
            double sum = 0, err = 0;
            for (int b = 0; b < a; b++) {
                sum += fd[b][k] * fd[b][k];
                err += Math.abs(fd[b][k]) * fdErr[b][k] + 0.5 * fdErr[b][k] * fdErr[b][k];
            }
            fdAll[k] = 0.5 * sum;
            eAll[k] = err;
            mChosen[k] = map.chosen()[pixels[k]];
            mAll[k] = map.allLogits()[pixels[k]];
            mCritic[k] = map.critic()[pixels[k]];
        }
        double rChosen = closeRatio(mChosen, fdChosen, eChosen), rCritic = closeRatio(mCritic, fdCritic, eCritic);
        double rAll = closeRatio(mAll, fdAll, eAll);
        assertTrue(rChosen <= 1, what + " chosen map vs finite differences: error/tolerance " + rChosen);
        assertTrue(rCritic <= 1, what + " critic map vs finite differences: error/tolerance " + rCritic);
        // a squared quantity: twice the relative slack
        assertTrue(rAll <= 2, what + " all-logit map vs finite differences: error/tolerance " + rAll);

        // the comparison has power: the wrong output's gradient and a one-pixel shift are rejected
        double wrongOutput = worstRatio(jac[a], pixels, fd[map.action()], fdErr[map.action()]);
        float[] shifted = new float[per];
        System.arraycopy(jac[map.action()], 0, shifted, 1, per - 1);
        double wrongPixel = worstRatio(shifted, pixels, fd[map.action()], fdErr[map.action()]);
        System.out.printf("%s: %d pixels, largest |g - fd| / max|g| %.2g, error/tolerance %.3f (maps: chosen %.3f, critic %.3f,"
                + " all-logit %.3f); the same check on the wrong output %.1f, on a shifted map %.1f%n",
                what, pixels.length, worstRel, worst, rChosen, rCritic, rAll, wrongOutput, wrongPixel);
        assertTrue(wrongOutput > 1, what + ": the check cannot tell the value gradient from the chosen logit's");
        assertTrue(wrongPixel > 1, what + ": the check cannot tell a shifted gradient map");
        assertFalse(Double.isNaN(worst));
    }

    /** max over pixels of |g - fd| / tolerance (see the class comment); over 1 means a failure. */
    private static double worstRatio(float[] g, int[] pixels, double[] fd, double[] fdErr) {
        double scale = maxAbs(g, pixels);
        double worst = 0;
        for (int k = 0; k < pixels.length; k++) {
            double gk = g[pixels[k]];
            double tol = ABS * scale + REL * Math.abs(gk) + 2 * fdErr[k];
            worst = Math.max(worst, Math.abs(gk - fd[k]) / tol);
        }
        return worst;
    }

    private static double closeRatio(float[] m, double[] ref, double[] refErr) {
        double scale = 0;
        for (float v : m) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int k = 0; k < m.length; k++) {
            worst = Math.max(worst, Math.abs(m[k] - ref[k]) / (ABS * scale + REL * Math.abs(m[k]) + 2 * refErr[k]));
        }
        return worst;
    }

    private static double maxAbs(float[] g, int[] pixels) {
        double m = 0;
        for (int i : pixels) {
            m = Math.max(m, Math.abs(g[i]));
        }
        return m;
    }

    /** Finite-difference derivatives (rows 0..A-1 the logits, A the value; one column per pixel) and their error estimates. */
    private record Fd(double[][] value, double[][] error) {
    }

    /**
     * Central differences at each of {@link #STEPS}. For each output, the adjacent pair of steps
     * whose estimates agree best (smallest largest disagreement over the pixels) gives the estimate
     * (the smaller step's) and the error bound (that largest disagreement), the same for every pixel
     * of the output. Large steps suffer truncation error, small ones float32 rounding noise; the
     * best-agreeing pair sits between the two regimes. Choosing per output rather than per pixel
     * keeps a chance agreement of two noisy estimates from passing for accuracy.
     */
    private static Fd finiteDifferences(ActorCriticPolicy p, float[] input, RecurrentState st, int[] pixels) {
        int a = p.actionCount();
        double[][][] est = new double[STEPS.length][][];
        for (int j = 0; j < STEPS.length; j++) {
            est[j] = centralDifferences(p, input, st, pixels, STEPS[j]);
        }
        double[][] value = new double[a + 1][], error = new double[a + 1][pixels.length];
        for (int o = 0; o <= a; o++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j + 1 < STEPS.length; j++) {
                double d = 0;
                for (int k = 0; k < pixels.length; k++) {
                    d = Math.max(d, Math.abs(est[j][o][k] - est[j + 1][o][k]));
                }
                if (d < best) {
                    best = d;
                    value[o] = est[j + 1][o];
                }
            }
            java.util.Arrays.fill(error[o], best);
        }
        return new Fd(value, error);
    }

    /** Central differences of every logit and the value with step {@code eps}, rows 0..A-1 logits and A the value, one column per pixel. */
    private static double[][] centralDifferences(ActorCriticPolicy p, float[] input, RecurrentState st, int[] pixels, double eps) {
        int per = input.length;
        int n = 2 * pixels.length;
        float[] x = new float[n * per];
        float[] delta = new float[pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            float plus = (float) (input[pixels[k]] + eps);
            float minus = (float) (input[pixels[k]] - eps);
            delta[k] = plus - minus; // the step actually taken in float32
            System.arraycopy(input, 0, x, 2 * k * per, per);
            System.arraycopy(input, 0, x, (2 * k + 1) * per, per);
            x[2 * k * per + pixels[k]] = plus;
            x[(2 * k + 1) * per + pixels[k]] = minus;
        }
        PolicyOutput out = p.forward(x, st.repeatRow(0, n));
        int a = p.actionCount();
        double[][] fd = new double[a + 1][pixels.length];
        for (int k = 0; k < pixels.length; k++) {
            for (int b = 0; b < a; b++) {
                fd[b][k] = ((double) out.logits()[2 * k * a + b] - out.logits()[(2 * k + 1) * a + b]) / delta[k];
            }
            fd[a][k] = ((double) out.values()[2 * k] - out.values()[2 * k + 1]) / delta[k];
        }
        return fd;
    }

    private static List<Integer> top(float[] m, int k) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            idx.add(i);
        }
        idx.sort((i, j) -> Float.compare(m[j], m[i]));
        return idx.subList(0, k);
    }

    private static void timing(JacobianSaliency js, float[] input, RecurrentState st, String what) {
        SaliencyRequest r = SaliencyRequest.of(input, st);
        js.compute(r);
        int reps = 10;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            js.compute(r);
        }
        System.out.printf("%s: Jacobian saliency %.1f ms per frame (%d threads available)%n",
                what, (System.nanoTime() - t0) / 1e6 / reps, Runtime.getRuntime().availableProcessors());
    }
}
