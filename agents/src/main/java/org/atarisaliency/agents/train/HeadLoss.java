package org.atarisaliency.agents.train;

/**
 * A loss on the heads' outputs of one batch, the part in which the A2C and imitation updates
 * differ: everything before (conv forward, the cell through time) and after (backward through
 * time and the conv layers, clipping, Adam) is the learner's shared path.
 *
 * @param <R> the loss's statistics
 */
@FunctionalInterface
interface HeadLoss<R> {

    /**
     * @param logits   [(T+1)*N*A] (the last N rows, of the bootstrap step, are for the loss to use or not)
     * @param values   [(T+1)*N]
     * @param dLogits  zeros on entry; receives dLoss/dlogits [T*N*A]
     * @param dValues  zeros on entry; receives dLoss/dV [T*N]
     */
    R compute(Batch b, float[] logits, float[] values, float[] dLogits, float[] dValues);
}
