package org.atarisaliency.agents.train;

import org.atarisaliency.env.InvalidSettingException;

/**
 * Hyper-parameters of CleanRL's {@code ppo_atari} update (its argument names in brackets).
 *
 * @param gamma           discount [gamma]
 * @param gaeLambda       GAE lambda [gae_lambda]
 * @param learningRate    Adam's step size at the start [learning_rate]
 * @param annealLr        anneal the step size linearly to 0 over the run [anneal_lr]
 * @param epochs          passes over each rollout [update_epochs]
 * @param minibatches     minibatches per pass [num_minibatches]; for the LSTM agent, sets of whole envs
 * @param clipCoef        the surrogate's (and the value's) clipping range [clip_coef]
 * @param clipValueLoss   clip the value loss too [clip_vloss]
 * @param normAdvantages  normalise advantages per minibatch [norm_adv]
 * @param entropyCoef     weight of the entropy bonus [ent_coef]
 * @param valueCoef       weight of the value loss [vf_coef]
 * @param maxGradNorm     global gradient-norm clip [max_grad_norm]
 * @param adamEps         Adam's epsilon (CleanRL: 1e-5; betas are PyTorch's 0.9, 0.999)
 */
public record PpoConfig(double gamma, double gaeLambda, double learningRate, boolean annealLr, int epochs, int minibatches,
                        double clipCoef, boolean clipValueLoss, boolean normAdvantages, double entropyCoef, double valueCoef,
                        double maxGradNorm, double adamEps) {
    /** Adam's betas (PyTorch's defaults, which CleanRL keeps). */
    public static final double BETA1 = 0.9, BETA2 = 0.999;

    public PpoConfig {
        if (!(gamma > 0 && gamma <= 1) || !(gaeLambda >= 0 && gaeLambda <= 1)) {
            throw new InvalidSettingException("gamma", "and gae_lambda must be in (0, 1] and [0, 1], got " + gamma + " and " + gaeLambda);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InvalidSettingException("learning_rate", "must be a number in (0, 1], got " + learningRate);
        }
        if (epochs < 1 || minibatches < 1) {
            throw new InvalidSettingException("update_epochs", "and num_minibatches must be >= 1, got " + epochs + " and " + minibatches);
        }
        InvalidSettingException.checkRange("clip_coef", clipCoef, 0, 1);
        InvalidSettingException.checkRange("ent_coef", entropyCoef, 0, A2cConfig.MAX_LOSS_WEIGHT);
        InvalidSettingException.checkRange("vf_coef", valueCoef, 0, A2cConfig.MAX_LOSS_WEIGHT);
        if (!(maxGradNorm > 0 && maxGradNorm < Double.POSITIVE_INFINITY) || !(adamEps > 0 && adamEps < 1)) {
            throw new InvalidSettingException("max_grad_norm", "must be a finite number > 0 (and Adam's epsilon in (0, 1)), got "
                    + maxGradNorm + " and " + adamEps);
        }
    }

    /** CleanRL ppo_atari's defaults: gamma 0.99, lambda 0.95, lr 2.5e-4 annealed, 4 epochs x 4 minibatches, clip 0.1 (value too), normalised advantages, entropy 0.01, value 0.5, grad norm 0.5, Adam eps 1e-5. */
    public static PpoConfig defaults() {
        return new PpoConfig(0.99, 0.95, 2.5e-4, true, 4, 4, 0.1, true, true, 0.01, 0.5, 0.5, 1e-5);
    }

    /** The same with another starting step size and entropy weight. */
    public PpoConfig with(double learningRate, double entropyCoef) {
        return new PpoConfig(gamma, gaeLambda, learningRate, annealLr, epochs, minibatches, clipCoef, clipValueLoss, normAdvantages, entropyCoef,
                valueCoef, maxGradNorm, adamEps);
    }

    /** The step size after {@code update} of {@code updates} rollouts (0-based), CleanRL's annealing: lr * (1 - update / updates). */
    public double learningRateAt(long update, long updates) {
        return annealLr ? (1.0 - (double) update / updates) * learningRate : learningRate;
    }
}
