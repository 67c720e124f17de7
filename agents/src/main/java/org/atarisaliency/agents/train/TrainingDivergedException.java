package org.atarisaliency.agents.train;

/**
 * Training stopped because it diverged: a loss, the gradient norm or a weight is no longer finite,
 * or the policy's entropy collapsed. Nothing after the last save is kept, so every saved
 * checkpoint holds good weights.
 */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
