package org.atarisaliency.agents.train;

import java.util.Map;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * The learning side of A2C: one synchronous update from a {@link Batch} (forward through the
 * conv layers and the recurrent cell for T steps, GAE returns and advantages, policy, value and
 * entropy losses, backward through time, global-norm clipping, Adam). Deterministic: the same
 * weights, optimizer state and batch give the same new weights.
 */
public interface Learner extends AutoCloseable {

    /** One update; returns its statistics. */
    UpdateStats update(Batch batch);

    /**
     * One imitation update: cross-entropy of the actor to the expert's actions ({@code labels}, one
     * per step and environment, step-major) through time, clipping and Adam; the critic is not trained.
     */
    ImitationStats imitate(Batch batch, int[] labels);

    /** A copy of the current weights (for the actor, checkpoints and saliency). */
    ActorCriticWeights weights();

    /** Adam's moments by parameter name ("exp_avg." + PyTorch tensor name, "exp_avg_sq." + name), copies. */
    Map<String, float[]> optimizerState();

    /** Updates done so far. */
    long updates();

    /** Continues from a checkpoint: weights, Adam moments and the update count (Adam's bias correction). */
    void restore(ActorCriticWeights weights, Map<String, float[]> optimizerState, long updates);

    @Override
    void close();
}
