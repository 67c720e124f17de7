package org.atarisaliency.agents.train;

/**
 * The A2C loss of one batch and its gradient with respect to the logits and values. With
 * M = T*N samples, advantages by GAE
 * {@code delta_t = r_t + gamma V(s_{t+1}) (1 - terminal_t) - V(s_t)},
 * {@code A_t = delta_t + gamma lambda (1 - terminal_t) A_{t+1}} (the terminals: {@link Batch#terminals()}), returns {@code R_t = A_t + V(s_t)}
 * (both constants), the loss is
 * {@code mean[-log pi(a_t|s_t) A_t + valueCoef 0.5 (R_t - V(s_t))^2 - entropyCoef H(pi(.|s_t))]}.
 */
final class A2cLoss {
    private A2cLoss() {
    }

    /** What {@link #compute} returns besides the gradients: the means of the loss terms. */
    record Terms(double policyLoss, double valueLoss, double entropy, double meanValue, double loss) {
    }

    /**
     * @param logits   [(T+1)*N*A] (the last N rows, of the bootstrap step, are not used)
     * @param values   [(T+1)*N]
     * @param dLogits  receives dLoss/dlogits [T*N*A]
     * @param dValues  receives dLoss/dV [T*N]
     */
    static Terms compute(A2cConfig cfg, Batch b, int actions, float[] logits, float[] values, float[] dLogits, float[] dValues) {
        int n = b.envs(), steps = b.steps(), m = n * steps;
        double[] adv = advantages(cfg, b, values);
        double pl = 0, vl = 0, ent = 0, mv = 0, loss = 0;
        double[] logp = new double[actions];
        for (int s = 0; s < m; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < actions; k++) {
                max = Math.max(max, logits[s * actions + k]);
            }
            double sum = 0;
            for (int k = 0; k < actions; k++) {
                sum += Math.exp(logits[s * actions + k] - max);
            }
            double lse = max + Math.log(sum), h = 0;
            for (int k = 0; k < actions; k++) {
                logp[k] = logits[s * actions + k] - lse;
                h -= Math.exp(logp[k]) * logp[k];
            }
            int a = b.actions()[s];
            if (a < 0 || a >= actions) {
                throw new IllegalArgumentException("action " + a + " at sample " + s + " is outside 0.." + (actions - 1));
            }
            double v = values[s], ret = adv[s] + v;
            for (int k = 0; k < actions; k++) {
                double p = Math.exp(logp[k]);
                double d = -adv[s] * ((k == a ? 1 : 0) - p) + cfg.entropyCoef() * p * (logp[k] + h);
                dLogits[s * actions + k] = (float) (d / m);
            }
            dValues[s] = (float) (cfg.valueCoef() * (v - ret) / m);
            double p1 = -logp[a] * adv[s], v1 = 0.5 * (ret - v) * (ret - v);
            pl += p1;
            vl += v1;
            ent += h;
            mv += v;
            loss += p1 + cfg.valueCoef() * v1 - cfg.entropyCoef() * h;
        }
        return new Terms(pl / m, vl / m, ent / m, mv / m, loss / m);
    }

    /** GAE advantages [T*N] from the values [(T+1)*N] (the last N are the bootstrap values). */
    static double[] advantages(A2cConfig cfg, Batch b, float[] values) {
        int n = b.envs(), steps = b.steps();
        double[] adv = new double[n * steps];
        for (int i = 0; i < n; i++) {
            double next = 0;
            for (int t = steps - 1; t >= 0; t--) {
                int s = t * n + i;
                double keep = b.terminals()[s] ? 0 : 1;
                double delta = b.rewards()[s] + cfg.gamma() * values[s + n] * keep - values[s];
                next = delta + cfg.gamma() * cfg.gaeLambda() * keep * next;
                adv[s] = next;
            }
        }
        return adv;
    }
}
