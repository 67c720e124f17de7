package org.atarisaliency.agents.train;

import org.atarisaliency.env.InvalidSettingException;

/**
 * Hyper-parameters of the synchronous advantage actor-critic update (n-step returns with GAE,
 * entropy bonus, global gradient-norm clipping, Adam).
 *
 * @param gamma         discount
 * @param gaeLambda     GAE lambda (1 = plain n-step returns)
 * @param learningRate  Adam step size, in (0, 1]
 * @param valueCoef     weight of the value loss 0.5 * (R - V)^2
 * @param entropyCoef   weight of the entropy bonus
 * @param maxGradNorm   the global gradient norm is clipped to this (baby-a3c: 40)
 * @param adamBeta1     Adam beta1
 * @param adamBeta2     Adam beta2
 * @param adamEps       Adam epsilon
 */
public record A2cConfig(double gamma, double gaeLambda, double learningRate, double valueCoef, double entropyCoef, double maxGradNorm,
                        double adamBeta1, double adamBeta2, double adamEps) {
    /** The largest value and entropy weight accepted (the defaults are 0.5 and 0.01). */
    public static final double MAX_LOSS_WEIGHT = 100;

    public A2cConfig {
        if (!(gamma > 0 && gamma <= 1) || !(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new InvalidSettingException("gamma", "and gae_lambda must be in (0, 1] and [0, 1], got " + gamma + " and " + gaeLambda);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InvalidSettingException("learning_rate", "must be a number in (0, 1], got " + learningRate);
        }
        InvalidSettingException.checkRange("entropy_coef", entropyCoef, 0, MAX_LOSS_WEIGHT);
        InvalidSettingException.checkRange("value_coef", valueCoef, 0, MAX_LOSS_WEIGHT);
        if (!(maxGradNorm > 0 && maxGradNorm < Double.POSITIVE_INFINITY)) {
            throw new InvalidSettingException("max_grad_norm", "must be a finite number > 0, got " + maxGradNorm);
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1 && adamBeta2 >= 0 && adamBeta2 < 1 && adamEps > 0 && adamEps < 1)) {
            throw new InvalidSettingException("adam", "betas must be in [0, 1) and epsilon in (0, 1), got " + adamBeta1 + ", " + adamBeta2
                    + ", " + adamEps);
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
