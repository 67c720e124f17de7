package org.atarisaliency.saliency.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.atarisaliency.saliency.metrics.SanityVerdicts.Outcome;
import org.atarisaliency.saliency.metrics.SanityVerdicts.Verdict;
import org.junit.jupiter.api.Test;

/** Verdicts on reports whose answer is known: the thresholds' both sides, an undefined correlation, and the sentences. */
class SanityVerdictsTest {

    private static Randomization.Similarity sim(double spearman, double input) {
        return new Randomization.Similarity(spearman, 0.5, 0.5, input);
    }

    private static Randomization.Stage stage(String name, double actor, double critic, double relActor, double relCritic) {
        return new Randomization.Stage(name, sim(actor, 0.98), sim(critic, 0.9), List.of(), List.of(), sim(relActor, 0.3), sim(relCritic, 0.2),
                List.of());
    }

    private static DeletionInsertion.Summary curves(String method, double deletion, double insertion) {
        double[] f = {0, 1};
        DeletionInsertion.Result r = new DeletionInsertion.Result(new DeletionInsertion.Curve(f, new double[] {deletion, deletion}, f),
                new DeletionInsertion.Curve(f, new double[] {insertion, insertion}, f));
        return new DeletionInsertion.Summary(method, r, List.of(r));
    }

    private static ShiftInvariance.Result shift(double diff) {
        ShiftInvariance.Comparison c = new ShiftInvariance.Comparison(diff, diff / 2, diff, diff, 1, 1, 0, 0, 1);
        return new ShiftInvariance.Result(0.1, 1, c, c);
    }

    @Test
    void thresholdsDecideAndSentencesSayWhy() {
        SanityChecks.Report r = new SanityChecks.Report(
                List.of(stage("original", 1, 1, 1, 1), stage("heads", 0.9, 0.9, 0.6, 0.6), stage("conv1", 0.97, 0.5, 0.49, Double.NaN)),
                List.of(shift(3e-6), shift(2e-4)),
                List.of(curves("perturbation_actor", 2.0, 0.1), curves("random", 0.5, 0.5), curves("jacobian", 0.9, 0.8)));
        List<Verdict> v = SanityVerdicts.of(r);
        assertEquals(List.of("perturbation actor", "perturbation critic", "input-relative actor", "input-relative critic", "perturbation",
                "perturbation_actor", "jacobian"), v.stream().map(Verdict::map).toList());
        assertEquals(List.of(Outcome.FAIL, Outcome.FAIL, Outcome.PASS, Outcome.UNDEFINED, Outcome.PASS, Outcome.PASS, Outcome.FAIL),
                v.stream().map(Verdict::outcome).toList(), "0.97 and 0.5 are not below 0.5, 0.49 is; NaN is undefined");
        assertEquals("FAIL randomisation, perturbation actor map: after randomising every layer, it still correlates 0.97 (Spearman) with the"
                + " trained agent's map (pass below 0.50): the map mostly reflects the input, not what the network learned. The trained map"
                + " correlates 0.98 with the input-change map, which the frame alone gives.", v.get(0).sentence());
        assertTrue(v.get(2).sentence().startsWith("PASS randomisation, input-relative actor map: after randomising every layer, it correlates 0.49"),
                v.get(2).sentence());
        assertTrue(v.get(0).source().startsWith("Adebayo et al. 2018") && v.get(0).source().contains("this tool's choice"));
        assertEquals(2e-4, v.get(4).value(), 0, "the worst shift");
        assertTrue(v.get(6).sentence().contains("does not beat a random ranking"), v.get(6).sentence());
        assertFalse(SanityVerdicts.allPass(v));
        assertTrue(SanityVerdicts.allPass(v.subList(4, 6)));
    }

    @Test
    void aShiftBeyondRoundingFailsAndNoRandomBaselineMeansNoFaithfulnessVerdict() {
        assertEquals(Outcome.FAIL, SanityVerdicts.invariance(List.of(shift(1e-3))).outcome());
        assertTrue(SanityVerdicts.faithfulness(List.of(curves("perturbation_actor", 2, 0.1))).isEmpty());
        // a method that ties with random on one curve does not pass
        assertEquals(Outcome.FAIL, SanityVerdicts.faithfulness(List.of(curves("m", 2, 0.5), curves("random", 0.5, 0.5))).get(0).outcome());
    }
}
