package org.atarisaliency.agents.train;

import java.util.List;
import java.util.Map;
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
}
