package org.atarisaliency.saliency.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void spearmanWithTiesMatchesScipy() {
        // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 4, 9]).statistic == 0.7631578947368421 (computed)
        assertEquals(0.7631578947368421, Agreement.spearman(new double[] {1, 2, 2, 3, 5}, new double[] {2, 1, 4, 4, 9}), 1e-12);
        assertEquals(-1.0, Agreement.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(Agreement.spearman(new double[] {1, 2}, new double[] {1, 2})));
    }

    @Test
    void aucCountsTiesHalf() {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75 (Mann-Whitney U / 4, computed with scipy)
        assertEquals(0.75, Agreement.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.5, Agreement.auc(new double[] {1, 1}, new boolean[] {false, true}), 1e-12);
        assertTrue(Double.isNaN(Agreement.auc(new double[] {1, 2}, new boolean[] {true, true})));
    }

    @Test
    void aTruthfulMapAgreesAndAMapThatMarksEverythingFailsAtreysCheck() {
        List<Agreement.Sample> truthful = new ArrayList<>(), everything = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double change = i < 20 ? 0.001 * i : 1 + i;       // the first 20 do not matter
            double tv = i < 20 ? 0.001 : 0.5;
            truthful.add(new Agreement.Sample(i % 2 == 0 ? "ball" : "paddle", "x", change, tv,
                    new ObjectMass(change, 0, change, i < 20 ? 0.3 : 0.95, 4, false)));
            everything.add(new Agreement.Sample("ball", "x", change, tv, new ObjectMass(1, 0, 1, 0.99, 4, false)));
        }
        truthful.add(new Agreement.Sample("score", "score+1", 0, 0, new ObjectMass(0, 0, 0, 0, 0, true)));
        Agreement.Result t = Agreement.of("m", "actor", truthful, 0.05);
        assertEquals(40, t.n());
        assertEquals(1, t.outsideView());
        assertEquals(1.0, t.spearman(), 1e-12);
        assertEquals(1.0, t.auc(), 1e-12);
        assertEquals(20, t.atrey().noEffect());
        assertEquals(0.0, t.atrey().shareMarkedNoEffect());
        assertEquals(1.0, t.atrey().shareMarkedEffect());
        assertEquals(java.util.Set.of("ball", "paddle"), t.perObject().keySet());
        Agreement.Result e = Agreement.of("m", "actor", everything, 0.05);
        assertTrue(Double.isNaN(e.spearman()));
        assertEquals(0.5, e.auc(), 1e-12);
        assertEquals(1.0, e.atrey().shareMarkedNoEffect());
    }
}
