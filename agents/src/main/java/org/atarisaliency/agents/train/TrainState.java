package org.atarisaliency.agents.train;

import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * Everything a training run needs to continue exactly where it stopped.
 *
 * @param weights        the learner's weights
 * @param optimizer      Adam's moments by name ({@link Learner#optimizerState()})
 * @param updates        updates done
 * @param frames         agent steps played, over all environments
 * @param episodes       episodes finished
 * @param seconds        training wall time so far
 * @param recentScores   returns of the last (up to) 100 finished episodes, oldest first
 * @param acting         the environments, RNGs, memory and running episodes
 */
public record TrainState(ActorCriticWeights weights, Map<String, float[]> optimizer, long updates, long frames, long episodes,
                         double seconds, List<Double> recentScores, Collector.Snapshot acting) {

    /**
     * What is wrong with one of Adam's saved moments ({@code key} as {@link Learner#optimizerState()}
     * names it), or null: first moments must be finite, second moments finite and &gt;= 0.
     */
    public static String optimizerProblem(String key, float[] values) {
        int bad = FiniteValues.firstNonFinite(values);
        if (bad >= 0) {
            return "'" + key + "' holds " + values[bad] + " at index " + bad + " (Adam's moments must be finite)";
        }
        if (key.startsWith(Adam.EXP_AVG_SQ)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0) {
                    return "'" + key + "' holds " + values[i] + " at index " + i + " (Adam's second moments must be >= 0)";
                }
            }
        }
        return null;
    }
}
