package org.atarisaliency.agents.train;

import java.util.Map;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * Watches a training run for divergence after every update, before anything is saved: a loss, the
 * gradient norm or a weight that is not finite, or (A2C only; an imitating student may rightly
 * become certain) a policy entropy below {@link #COLLAPSED_ENTROPY} for {@link #COLLAPSE_UPDATES}
 * updates in a row.
 */
final class Divergence {
    /** Mean policy entropy (nats) below which an A2C policy counts as collapsed to one action. */
    static final double COLLAPSED_ENTROPY = 1e-3;
    /** Updates in a row with a collapsed policy before the run is stopped. */
    static final int COLLAPSE_UPDATES = 50;
    private static final String ADVICE = "; stopped, the last save is kept; lower the learning rate";

    private int collapsed;

    /** Throws {@link TrainingDivergedException} when the update just done diverged. */
    void check(long frames, UpdateStats a2c, ImitationStats imitation, ActorCriticWeights weights) {
        String where = "training diverged at " + frames + " frames: ";
        if (a2c != null) {
            requireFinite(where, new String[] {"policy loss", "value loss", "entropy", "gradient norm"},
                    a2c.policyLoss(), a2c.valueLoss(), a2c.entropy(), a2c.gradNorm());
            collapsed = a2c.entropy() < COLLAPSED_ENTROPY ? collapsed + 1 : 0;
            if (collapsed >= COLLAPSE_UPDATES) {
                throw new TrainingDivergedException(where + "the policy's entropy stayed below " + COLLAPSED_ENTROPY + " for "
                        + COLLAPSE_UPDATES + " updates (it always plays one action)" + ADVICE);
            }
        }
        if (imitation != null) {
            requireFinite(where, new String[] {"cross-entropy", "entropy", "gradient norm"},
                    imitation.crossEntropy(), imitation.entropy(), imitation.gradNorm());
        }
        for (Map.Entry<String, TensorData> t : weights.toStateDict().entrySet()) {
            int i = FiniteValues.firstNonFinite(t.getValue().values());
            if (i >= 0) {
                throw new TrainingDivergedException(where + "weight " + t.getKey() + "[" + i + "] is " + t.getValue().values()[i] + ADVICE);
            }
        }
    }

    private static void requireFinite(String where, String[] names, double... values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new TrainingDivergedException(where + "the " + names[i] + " is " + values[i] + ADVICE);
            }
        }
    }
}
