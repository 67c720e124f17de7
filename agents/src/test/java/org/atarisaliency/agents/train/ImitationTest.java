package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/**
 * {@link A2cLearner#imitate}: repeated updates fit the expert's labels, the critic and the batch's
 * rewards and actions play no part, updates are bitwise reproducible for any thread count, and
 * bad labels are rejected.
 */
class ImitationTest {
    private static final A2cConfig CFG = new A2cConfig(0.99, 1.0, 1e-3, 0.5, 0.01, 40, 0.9, 0.999, 1e-8);

    /** Labels in 0..actions-1 for N x T samples. */
    private static int[] labels(int count, int actions, long seed) {
        Random r = new Random(seed);
        int[] y = new int[count];
        for (int s = 0; s < count; s++) {
            y[s] = r.nextInt(actions);
        }
        return y;
    }

    @Test
    void repeatedUpdatesFitTheLabels() {
        for (RecurrentCell cell : RecurrentCell.values()) {
            ActorCriticWeights w = Init.pytorchDefault(cell, 6, 41);
            Batch b = LearnerBench.syntheticBatch(w, 3, 4, 42);
            int[] y = labels(12, 6, 43);
            ImitationStats first, last;
            int updates = 0;
            ActorCriticWeights after;
            try (A2cLearner learner = new A2cLearner(w, CFG, 2)) {
                first = last = learner.imitate(b, y);
                while (++updates < 60 && !(last.accuracy() == 1.0 && last.crossEntropy() < first.crossEntropy() / 20)) {
                    last = learner.imitate(b, y);
                }
                after = learner.weights();
            }
            assertTrue(first.accuracy() < 0.5, cell + " starts at " + first);
            assertEquals(1.0, last.accuracy(), cell + " after " + updates + " updates: " + last);
            assertTrue(last.crossEntropy() < first.crossEntropy() / 20, cell + " after " + updates + " updates: " + first + " -> " + last);
            // the reference forward agrees: every label is now the student's most likely action
            Map<String, double[]> p = ReferenceA2c.params(after);
            ReferenceA2c.Out o = ReferenceA2c.recurrent(p, after, b, ReferenceA2c.features(p, after, b));
            for (int s = 0; s < y.length; s++) {
                for (int k = 0; k < 6; k++) {
                    assertTrue(k == y[s] || o.logits()[s * 6 + k] < o.logits()[s * 6 + y[s]], cell + " sample " + s + " action " + k);
                }
            }
        }
    }

    @Test
    void theCriticRewardsAndActionsPlayNoPart() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.GRU, 6, 44);
        Batch b = LearnerBench.syntheticBatch(w, 2, 3, 45);
        float[] rewards = new float[6];
        Arrays.fill(rewards, 5f);
        int[] actions = b.actions().clone();
        for (int s = 0; s < actions.length; s++) {
            actions[s] = (actions[s] + 1) % 6;
        }
        Batch other = new Batch(2, 3, b.inputLength(), b.observations(), actions, rewards, b.dones(), b.start());
        int[] y = labels(6, 6, 46);
        try (A2cLearner one = new A2cLearner(w, CFG, 1); A2cLearner two = new A2cLearner(w, CFG, 1)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(one.imitate(b, y), two.imitate(other, y));
            }
            assertSame(one.weights(), two.weights());
            ActorCriticWeights now = one.weights();
            assertArrayEquals(w.criticWeight(), now.criticWeight());
            assertEquals(w.criticBias(), now.criticBias());
            assertEquals(3, one.updates());
            for (String k : List.of("exp_avg.critic_linear.weight", "exp_avg_sq.critic_linear.bias")) {
                for (float x : one.optimizerState().get(k)) {
                    assertEquals(0f, x, k);
                }
            }
        }
    }

    @Test
    void updatesAreBitwiseReproducibleForAnyThreadCount() {
        for (RecurrentCell cell : RecurrentCell.values()) {
            ActorCriticWeights w = Init.pytorchDefault(cell, 6, 47);
            Batch b1 = LearnerBench.syntheticBatch(w, 4, 5, 1), b2 = LearnerBench.syntheticBatch(w, 4, 5, 2);
            int[] y1 = labels(20, 6, 3), y2 = labels(20, 6, 4);
            try (A2cLearner one = new A2cLearner(w, CFG, 1); A2cLearner two = new A2cLearner(w, CFG, 2)) {
                assertEquals(one.imitate(b1, y1), two.imitate(b1, y1));
                assertEquals(one.update(b2), two.update(b2));
                assertEquals(one.imitate(b2, y2), two.imitate(b2, y2));
                assertSame(one.weights(), two.weights());
                Map<String, float[]> s1 = one.optimizerState(), s2 = two.optimizerState();
                assertEquals(s1.keySet(), s2.keySet());
                s1.forEach((k, v) -> assertArrayEquals(v, s2.get(k), k));
            }
        }
    }

    @Test
    void rejectsBadLabels() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.LSTM, 4, 48);
        Batch b = A2cGradientCheckTest.tinyBatch(w, 49);
        try (A2cLearner learner = new A2cLearner(w, CFG, 1)) {
            assertThrows(IllegalArgumentException.class, () -> learner.imitate(b, new int[5]));
            int[] bad = A2cGradientCheckTest.LABELS.clone();
            bad[3] = 4;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner.imitate(b, bad));
            assertTrue(e.getMessage().contains("sample 3"), e.getMessage());
            bad[3] = -1;
            assertThrows(IllegalArgumentException.class, () -> learner.imitationGradients(b, bad));
            assertEquals(0, learner.updates());
            assertSame(w, learner.weights());
        }
    }

    private static void assertSame(ActorCriticWeights a, ActorCriticWeights b) {
        Parameters pa = new Parameters(a), pb = new Parameters(b);
        for (int i = 0; i < pa.names().size(); i++) {
            assertArrayEquals(pa.tensors().get(i), pb.tensors().get(i), pa.names().get(i));
        }
    }
}
