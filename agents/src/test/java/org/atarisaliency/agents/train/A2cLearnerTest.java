package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/** What an update does (direction of change), determinism, checkpoint and restore, and input checks. */
class A2cLearnerTest {

    /** A batch of N=2, T=3 with every action {@code action} and reward {@code reward}. */
    private static Batch constantBatch(ActorCriticWeights w, int action, float reward) {
        Batch b = A2cGradientCheckTest.tinyBatch(w, 3);
        int[] actions = new int[b.actions().length];
        Arrays.fill(actions, action);
        float[] rewards = new float[b.rewards().length];
        Arrays.fill(rewards, reward);
        return new Batch(b.envs(), b.steps(), b.inputLength(), b.observations(), actions, rewards, b.dones(), b.start());
    }

    private static ReferenceA2c.Out forward(ActorCriticWeights w, Batch b) {
        Map<String, double[]> p = ReferenceA2c.params(w);
        return ReferenceA2c.recurrent(p, w, b, ReferenceA2c.features(p, w, b));
    }

    @Test
    void positiveAdvantageRaisesTheActionsProbability() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.GRU, 4, 21);
        Batch b = constantBatch(w, 2, 1f);
        A2cConfig cfg = new A2cConfig(0.99, 1.0, 1e-3, 0, 0, 40, 0.9, 0.999, 1e-8);
        double[] before = ReferenceA2c.logProbs(b, 4, forward(w, b));
        double[] adv = ReferenceA2c.advantages(cfg, b, forward(w, b).values());
        assertTrue(Arrays.stream(adv).allMatch(a -> a > 0), "advantages " + Arrays.toString(adv));
        ActorCriticWeights after;
        try (A2cLearner learner = new A2cLearner(w, cfg, 2)) {
            learner.update(b);
            after = learner.weights();
            assertEquals(1, learner.updates());
        }
        double[] now = ReferenceA2c.logProbs(b, 4, forward(after, b));
        for (int s = 0; s < before.length; s++) {
            assertTrue(now[s] > before[s], "log pi(a|s) at sample " + s + ": " + before[s] + " -> " + now[s]);
        }
    }

    @Test
    void returnsAboveTheValueRaiseTheValue() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.GRU, 4, 22);
        Batch b = constantBatch(w, 1, 1f);
        A2cConfig cfg = new A2cConfig(0.99, 1.0, 1e-3, 1.0, 0, 40, 0.9, 0.999, 1e-8);
        double[] before = forward(w, b).values();
        double[] adv = ReferenceA2c.advantages(cfg, b, before);
        assertTrue(Arrays.stream(adv).allMatch(a -> a > 0.5), "returns not above V: " + Arrays.toString(adv));
        UpdateStats st;
        ActorCriticWeights after;
        try (A2cLearner learner = new A2cLearner(w, cfg, 1)) {
            st = learner.update(b);
            after = learner.weights();
        }
        double[] now = forward(after, b).values();
        for (int s = 0; s < adv.length; s++) {
            assertTrue(now[s] > before[s], "V at sample " + s + ": " + before[s] + " -> " + now[s]);
        }
        double meanV = Arrays.stream(before, 0, adv.length).average().orElseThrow();
        assertEquals(meanV, st.meanValue(), 1e-5);
        assertTrue(st.valueLoss() > 0 && st.entropy() > 0 && st.gradNorm() > 0, st.toString());
    }

    @Test
    void updatesAreBitwiseReproducibleForAnyThreadCount() {
        for (RecurrentCell cell : RecurrentCell.values()) {
            ActorCriticWeights w = Init.pytorchDefault(cell, 6, 23);
            Batch b1 = LearnerBench.syntheticBatch(w, 4, 5, 1), b2 = LearnerBench.syntheticBatch(w, 4, 5, 2);
            try (A2cLearner one = new A2cLearner(w, A2cConfig.defaults(), 1); A2cLearner two = new A2cLearner(w, A2cConfig.defaults(), 2)) {
                for (Batch b : List.of(b1, b2)) {
                    UpdateStats s1 = one.update(b), s2 = two.update(b);
                    assertEquals(s1, s2);
                }
                assertSame(one.weights(), two.weights());
                assertStateEquals(one.optimizerState(), two.optimizerState());
            }
        }
    }

    @Test
    void restoreContinuesExactly() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.GRU, 6, 24);
        Batch[] bs = {LearnerBench.syntheticBatch(w, 3, 4, 1), LearnerBench.syntheticBatch(w, 3, 4, 2), LearnerBench.syntheticBatch(w, 3, 4, 3)};
        A2cConfig cfg = new A2cConfig(0.99, 0.95, 1e-3, 0.5, 0.01, 0.5, 0.9, 0.999, 1e-8);
        try (A2cLearner straight = new A2cLearner(w, cfg, 2); A2cLearner first = new A2cLearner(w, cfg, 2);
             A2cLearner resumed = new A2cLearner(Init.pytorchDefault(RecurrentCell.GRU, 6, 99), cfg, 1)) {
            for (Batch b : bs) {
                straight.update(b);
            }
            first.update(bs[0]);
            first.update(bs[1]);
            Map<String, float[]> state = first.optimizerState();
            assertEquals(2 * 16, state.size());
            assertTrue(state.containsKey("exp_avg.gru.weight_ih") && state.containsKey("exp_avg_sq.critic_linear.bias"), state.keySet().toString());
            resumed.restore(first.weights(), state, first.updates());
            resumed.update(bs[2]);
            assertEquals(3, resumed.updates());
            assertSame(straight.weights(), resumed.weights());
            assertStateEquals(straight.optimizerState(), resumed.optimizerState());
        }
    }

    @Test
    void clipsTheGlobalNormAndStepsLikeAdam() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.GRU, 4, 25);
        Batch b = A2cGradientCheckTest.tinyBatch(w, 4);
        A2cConfig cfg = new A2cConfig(0.99, 1.0, 1e-3, 0.5, 0.01, 1e-3, 0.9, 0.999, 1e-8);
        try (A2cLearner learner = new A2cLearner(w, cfg, 1)) {
            Map<String, float[]> g = learner.gradients(b);
            double sq = 0;
            for (float[] t : g.values()) {
                for (float x : t) {
                    sq += (double) x * x;
                }
            }
            double norm = Math.sqrt(sq), coef = 1e-3 / (norm + 1e-6);
            assertTrue(coef < 1);
            UpdateStats st = learner.update(b);
            assertEquals(norm, st.gradNorm(), 1e-9 * norm);
            // after one step: m = 0.1 g', v = 0.001 g'^2 (g' = coef g), m_hat / (sqrt(v_hat) + eps) = g' / (|g'| + eps)
            float[] before = w.actorBias(), now = learner.weights().actorBias(), ga = g.get("actor_linear.bias");
            float[] m = learner.optimizerState().get("exp_avg.actor_linear.bias");
            for (int k = 0; k < now.length; k++) {
                double gc = coef * ga[k];
                assertEquals(0.1 * gc, m[k], 1e-6 * Math.abs(gc));
                assertEquals(before[k] - 1e-3 * gc / (Math.abs(gc) + 1e-8), now[k], 1e-7);
            }
        }
    }

    @Test
    void rejectsMismatchedInputs() {
        ActorCriticWeights w = Init.pytorchDefault(RecurrentCell.LSTM, 4, 26);
        Batch b = A2cGradientCheckTest.tinyBatch(w, 5);
        try (A2cLearner learner = new A2cLearner(w, A2cConfig.defaults(), 1)) {
            Batch gruState = new Batch(2, 3, b.inputLength(), b.observations(), b.actions(), b.rewards(), b.dones(),
                    RecurrentState.zeros(2, List.of("h"), 256));
            assertThrows(IllegalArgumentException.class, () -> learner.update(gruState));
            int[] bad = b.actions().clone();
            bad[0] = 4;
            Batch badAction = new Batch(2, 3, b.inputLength(), b.observations(), bad, b.rewards(), b.dones(), b.start());
            assertThrows(IllegalArgumentException.class, () -> learner.update(badAction));
            Map<String, float[]> state = new HashMap<>(learner.optimizerState());
            state.remove("exp_avg_sq.lstm.bias_hh");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner.restore(w, state, 3));
            assertTrue(e.getMessage().contains("exp_avg_sq.lstm.bias_hh"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> learner.restore(Init.pytorchDefault(RecurrentCell.GRU, 4, 1), learner.optimizerState(), 3));
            assertEquals(0, learner.updates());
        }
    }

    private static void assertSame(ActorCriticWeights a, ActorCriticWeights b) {
        Parameters pa = new Parameters(a), pb = new Parameters(b);
        for (int i = 0; i < pa.names().size(); i++) {
            assertArrayEquals(pa.tensors().get(i), pb.tensors().get(i), pa.names().get(i));
        }
    }

    private static void assertStateEquals(Map<String, float[]> a, Map<String, float[]> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
    }
}
