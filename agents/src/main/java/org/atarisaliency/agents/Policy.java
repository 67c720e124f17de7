package org.atarisaliency.agents;

import java.util.List;
import org.atarisaliency.env.FramePreprocessor;

/**
 * A trained agent as a batched function: observations [N, C, 80, 80] and recurrent state in, actor
 * logits [N, A], critic values [N] and the next state out. The state is explicit so that saliency
 * can re-run one step from a stored state. Implementations are not thread-safe; use one per thread.
 */
public interface Policy extends AutoCloseable {

    /** The frame transform this agent was trained on (its output is what {@link #forward} takes). */
    default FramePreprocessor preprocessor() {
        return FramePreprocessor.A3C;
    }

    /** Side of the square observation (80 for the A3C agents). */
    int inputSize();

    /** Channels of one observation (1 for the A3C agents; the stack depth for frame-stacked agents). */
    int inputChannels();

    /** Number of actions A. */
    int actionCount();

    /** Names of the recurrent state parts: ["h"] (GRU), ["h","c"] (LSTM), ["frames"] (a frame stack), [] (feed-forward). */
    List<String> stateNames();

    /**
     * Units per state part where all parts have one size (e.g. 256). A policy whose parts differ in size
     * overrides {@link #stateSizes()} and refuses this (IllegalStateException); callers use {@link #stateSizes()}.
     */
    int stateSize();

    /** Units per state part, in the order of {@link #stateNames()} (by default {@link #stateSize()} each). */
    default List<Integer> stateSizes() {
        return java.util.Collections.nCopies(stateNames().size(), stateSize());
    }

    /** A short description of the architecture, e.g. "baby-a3c (conv x4 + GRU 256, 6 actions)". */
    String describe();

    /**
     * Whether this agent's memory starts afresh after each lost life, not only at a new game: true where
     * the environment it was trained in ended an episode (and so reset the memory) at every lost life
     * (CleanRL's EpisodicLifeEnv; SB3's AtariWrapper unless terminal_on_life_loss=False, as RL Zoo trains RecurrentPPO).
     */
    default boolean memoryResetsOnLifeLoss() {
        return false;
    }

    /** The zero state for N agents. */
    default RecurrentState initialState(int n) {
        return RecurrentState.zeros(n, stateNames(), stateSizes());
    }

    /**
     * One step for a batch of N = {@code state.batch()} agents.
     *
     * @param observations  [N*C*S*S] row-major, values in 0..1
     * @param state         the state after the previous step (not modified)
     */
    PolicyOutput forward(float[] observations, RecurrentState state);

    @Override
    void close();
}
