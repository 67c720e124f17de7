package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.junit.jupiter.api.Test;

/** Divergence is a non-finite loss, gradient or weight, or an A2C policy whose entropy stays collapsed. */
class DivergenceTest {
    private static final ActorCriticWeights GOOD = Init.pytorchDefault(RecurrentCell.GRU, 6, 0);

    @Test
    void nonFiniteStatisticsOrWeightsStopTheRun() throws Exception {
        Divergence d = new Divergence();
        assertDoesNotThrow(() -> d.check(10, new UpdateStats(0.1, 0.2, 1.7, 3, 0), null, GOOD));
        TrainingDivergedException loss = assertThrows(TrainingDivergedException.class,
                () -> d.check(20, new UpdateStats(Double.NaN, 0.2, 1.7, 3, 0), null, GOOD));
        assertTrue(loss.getMessage().startsWith("training diverged at 20 frames: the policy loss is NaN"), loss.getMessage());
        TrainingDivergedException grad = assertThrows(TrainingDivergedException.class,
                () -> d.check(20, null, new ImitationStats(0.5, 1, 0.2, Double.POSITIVE_INFINITY), GOOD));
        assertTrue(grad.getMessage().contains("the gradient norm is Infinity"), grad.getMessage());

        var tensors = GOOD.toStateDict();
        tensors.get("actor_linear.bias").values()[2] = Float.NaN;
        ActorCriticWeights bad = ActorCriticWeights.fromStateDict(new org.atarisaliency.agents.checkpoint.StateDict("t", tensors), "t");
        TrainingDivergedException w = assertThrows(TrainingDivergedException.class, () -> d.check(30, null, null, bad));
        assertTrue(w.getMessage().contains("weight actor_linear.bias[2] is NaN"), w.getMessage());
    }

    @Test
    void aCollapsedA2cPolicyStopsTheRunOnlyWhenItStaysCollapsed() {
        Divergence d = new Divergence();
        UpdateStats collapsed = new UpdateStats(0, 0.1, 1e-9, 1, 0);
        for (int i = 1; i < Divergence.COLLAPSE_UPDATES; i++) {
            d.check(i, collapsed, null, GOOD);
        }
        d.check(0, new UpdateStats(0, 0.1, 0.5, 1, 0), null, GOOD); // one update with entropy starts the count again
        for (int i = 1; i < Divergence.COLLAPSE_UPDATES; i++) {
            d.check(i, collapsed, null, GOOD);
        }
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> d.check(99, collapsed, null, GOOD));
        assertTrue(e.getMessage().contains("entropy stayed below"), e.getMessage());
        // an imitating student may become certain: no collapse rule
        Divergence student = new Divergence();
        for (int i = 0; i < 2 * Divergence.COLLAPSE_UPDATES; i++) {
            student.check(i, null, new ImitationStats(0.01, 1, 1e-9, 0.1), GOOD);
        }
    }
}
