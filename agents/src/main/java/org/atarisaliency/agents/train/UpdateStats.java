package org.atarisaliency.agents.train;

/**
 * What one update did (means over the batch).
 *
 * @param policyLoss  -mean(log pi(a|s) * advantage)
 * @param valueLoss   mean(0.5 * (R - V)^2)
 * @param entropy     mean policy entropy
 * @param gradNorm    global gradient norm before clipping
 * @param meanValue   mean V(s)
 */
public record UpdateStats(double policyLoss, double valueLoss, double entropy, double gradNorm, double meanValue) {
}
