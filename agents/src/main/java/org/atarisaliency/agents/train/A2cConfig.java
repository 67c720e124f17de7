package org.atarisaliency.agents.train;

import org.atarisaliency.env.InvalidSettingException;

/**
 * Hyper-parameters of the synchronous advantage actor-critic update (n-step returns with GAE,
 * entropy bonus, global gradient-norm clipping, Adam).
 *
 * @param gamma         discount
 * @param gaeLambda     GAE lambda (1 = plain n-step returns)
 * @param learningRate  Adam step size
 * @param valueCoef     weight of the value loss 0.5 * (R - V)^2
 * @param entropyCoef   weight of the entropy bonus
 * @param maxGradNorm   the global gradient norm is clipped to this (baby-a3c: 40)
 * @param adamBeta1     Adam beta1
 * @param adamBeta2     Adam beta2
 * @param adamEps       Adam epsilon
 */
public record A2cConfig(double gamma, double gaeLambda, double learningRate, double valueCoef, double entropyCoef, double maxGradNorm,
                        double adamBeta1, double adamBeta2, double adamEps) {

    public A2cConfig {
        if (!(gamma > 0 && gamma <= 1) || !(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new InvalidSettingException("gamma", "and gae_lambda must be in (0, 1] and [0, 1], got " + gamma + " and " + gaeLambda);
        }
        if (!(learningRate > 0) || !(maxGradNorm > 0) || !(valueCoef >= 0) || !(entropyCoef >= 0)) {
            throw new InvalidSettingException("learning_rate", "and max_grad_norm must be > 0, value and entropy weights >= 0");
        }
    }

    /** The defaults: gamma 0.99, lambda 1.0, lr 1e-4, value 0.5, entropy 0.01, clip 40, Adam (0.9, 0.999, 1e-8). */
    public static A2cConfig defaults() {
        return new A2cConfig(0.99, 1.0, 1e-4, 0.5, 0.01, 40, 0.9, 0.999, 1e-8);
    }

    /** These settings with another learning rate and entropy weight. */
    public A2cConfig with(double learningRate, double entropyCoef) {
        return new A2cConfig(gamma, gaeLambda, learningRate, valueCoef, entropyCoef, maxGradNorm, adamBeta1, adamBeta2, adamEps);
    }
}
