package org.atarisaliency.agents.train;

/**
 * What one imitation update did (means over the batch, at the weights before the step).
 *
 * @param crossEntropy  mean -log pi_student(expert label | s)
 * @param accuracy      fraction of samples where the student's arg-max (lowest index on ties) is the label
 * @param entropy       mean entropy of the student's policy
 * @param gradNorm      global gradient norm before clipping
 */
public record ImitationStats(double crossEntropy, double accuracy, double entropy, double gradNorm) {
}
