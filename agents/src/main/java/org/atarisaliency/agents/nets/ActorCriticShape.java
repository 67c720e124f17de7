package org.atarisaliency.agents.nets;

import java.util.List;
import org.atarisaliency.agents.Policy;

/** A policy with the A3C actor-critic's weights: its shape (input, actions, memory) is theirs. */
public interface ActorCriticShape extends Policy {

    /** The weights. */
    ActorCriticWeights weights();

    @Override
    default int inputSize() {
        return weights().inputSize();
    }

    @Override
    default int inputChannels() {
        return weights().inputChannels();
    }

    @Override
    default int actionCount() {
        return weights().actions();
    }

    @Override
    default List<String> stateNames() {
        return weights().cell().stateNames();
    }

    @Override
    default int stateSize() {
        return weights().hidden();
    }
}
