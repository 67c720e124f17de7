package org.atarisaliency.saliency.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.saliency.internal.GaussianFilter;
import org.junit.jupiter.api.Test;

/** Deletion/insertion curves on a toy policy whose logits read one region of the frame. */
class DeletionInsertionTest {

    /** logit 0 = 0.01 * sum of the pixels in rows/cols 25..34, logit 1 = 0; counts forward calls. */
    static final class RegionPolicy implements Policy {
        int calls;

        @Override
        public int inputSize() {
            return 80;
        }

        @Override
        public int inputChannels() {
            return 1;
        }

        @Override
        public int actionCount() {
            return 2;
        }

        @Override
        public List<String> stateNames() {
            return List.of();
        }

        @Override
        public int stateSize() {
            return 0;
        }

        @Override
        public String describe() {
            return "region";
        }

        static boolean inRegion(int i) {
            int y = i / 80, x = i % 80;
            return y >= 25 && y < 35 && x >= 25 && x < 35;
        }

        @Override
        public PolicyOutput forward(float[] obs, RecurrentState state) {
            calls++;
            int n = state.batch();
            float[] logits = new float[2 * n];
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int i = 0; i < 6400; i++) {
                    if (inRegion(i)) {
                        s += obs[k * 6400 + i];
                    }
                }
                logits[2 * k] = (float) (0.01 * s);
            }
            return new PolicyOutput(n, 2, logits, new float[n], state);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void oracleMapBeatsRandomAndCurvesHaveTheRightEnds() {
        float[] img = new float[6400];
        for (int i = 0; i < img.length; i++) {
            img[i] = RegionPolicy.inRegion(i) ? 1f : 0.2f; // a bright square that the blur smears out
        }
        float[] blurred = GaussianFilter.filter(img, 80, 80, 3);
        float[] oracle = new float[6400];
        for (int i = 0; i < 6400; i++) {
            oracle[i] = RegionPolicy.inRegion(i) ? 1 : 0;
        }
        float[] random = new float[6400];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < random.length; i++) {
            random[i] = r.nextFloat();
        }
        RegionPolicy p = new RegionPolicy();
        RecurrentState st = p.initialState(1);
        DeletionInsertion di = new DeletionInsertion(p, 20);
        DeletionInsertion.Result o = di.evaluate(img, blurred, st, oracle), x = di.evaluate(img, blurred, st, random);
        assertEquals(2, p.calls, "one forward per frame and map");
        for (DeletionInsertion.Result res : List.of(o, x)) {
            double[] del = res.deletion().policyChange(), ins = res.insertion().policyChange();
            assertEquals(21, del.length);
            assertEquals(0, del[0], 0);
            assertEquals(0, ins[20], 1e-9);
            assertEquals(del[20], ins[0], 1e-9, "both ends are I and B");
            assertTrue(del[20] > 0);
            assertEquals(1.0, res.deletion().fractions()[20], 0);
        }
        // the oracle blurs the 100 pixels the policy reads (1.6% of the frame) first: full effect after the first step (5%)
        assertEquals(o.deletion().policyChange()[20], o.deletion().policyChange()[1], 1e-3 * o.deletion().policyChange()[20]);
        assertTrue(o.deletion().policyChangeAuc() > 0.9 * o.deletion().policyChange()[20]);
        assertTrue(o.deletion().policyChangeAuc() > x.deletion().policyChangeAuc() + 0.3 * o.deletion().policyChange()[20]);
        assertTrue(o.insertion().policyChangeAuc() < x.insertion().policyChangeAuc());
        assertTrue(o.deletion().actionProbabilityAuc() < x.deletion().actionProbabilityAuc());
    }

    @Test
    void helpers() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, DeletionInsertion.order(new float[] {0.5f, 2f, 0.1f, 2f}));
        assertEquals(0.5, DeletionInsertion.trapezoid(new double[] {0, 0.5, 1}, new double[] {0, 0.5, 1}), 1e-15);
        assertEquals(0.75, DeletionInsertion.trapezoid(new double[] {0, 0.5, 1}, new double[] {1, 1, 0}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> DeletionInsertion.order(new float[] {Float.NaN}));
        RegionPolicy p = new RegionPolicy();
        assertThrows(IllegalArgumentException.class, () -> new DeletionInsertion(p, 20).evaluate(new float[6400], new float[6400],
                p.initialState(1), new float[100]));
        assertThrows(IllegalArgumentException.class, () -> new DeletionInsertion(p, 0));
    }
}
