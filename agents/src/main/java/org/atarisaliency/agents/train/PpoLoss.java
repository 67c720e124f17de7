package org.atarisaliency.agents.train;

/**
 * CleanRL's PPO loss on one minibatch of M samples and its gradient with respect to the logits
 * and values: {@code max(-A r, -A clamp(r, 1-c, 1+c)).mean() - ent_coef * H.mean()
 * + vf_coef * 0.5 * max((V-R)^2, (V_old + clamp(V-V_old, -c, c) - R)^2).mean()}, with A
 * normalised over the minibatch ({@code (A - mean) / (std + 1e-8)}, unbiased std). Maxima and
 * clamps pass gradients as PyTorch's do (ties split evenly, clamp bounds inclusive).
 */
final class PpoLoss {
    private PpoLoss() {
    }

    /** The loss's terms (means over the minibatch) and CleanRL's diagnostics. */
    record Terms(double loss, double policyLoss, double valueLoss, double entropy, double approxKl, double clipFraction) {
    }

    /**
     * @param idx       the minibatch's sample indices into the rollout arrays; row m of logits and values is sample idx[m]
     * @param logits    [M * A] new logits
     * @param values    [M] new values
     * @param dLogits   out: [M * A] d loss / d logits
     * @param dValues   out: [M] d loss / d values
     */
    static Terms compute(PpoConfig cfg, PpoRollout r, PpoRollout.Targets targets, int[] idx, int actions, float[] logits, float[] values,
                         float[] dLogits, float[] dValues) {
        int m = idx.length;
        double[] adv = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            adv[j] = targets.advantages()[idx[j]];
            mean += adv[j];
        }
        mean /= m;
        if (cfg.normAdvantages()) {
            double var = 0;
            for (double a : adv) {
                var += (a - mean) * (a - mean);
            }
            double std = Math.sqrt(var / (m - 1));
            for (int j = 0; j < m; j++) {
                adv[j] = (adv[j] - mean) / (std + 1e-8);
            }
        }
        double c = cfg.clipCoef(), pg = 0, vl = 0, ent = 0, kl = 0, clipped = 0;
        double[] p = new double[actions], logp = new double[actions];
        for (int j = 0; j < m; j++) {
            int k = idx[j], o = j * actions;
            double h = logSoftmax(logits, o, actions, logp, p);
            double logRatio = logp[r.actions()[k]] - r.logProbs()[k];
            double ratio = Math.exp(logRatio);
            double pg1 = -adv[j] * ratio, pg2 = -adv[j] * clamp(ratio, 1 - c, 1 + c);
            pg += Math.max(pg1, pg2);
            double dRatio = maxGrad(pg1, pg2, -adv[j], clampGrad(ratio, 1 - c, 1 + c) * -adv[j]);
            double dLogp = dRatio * ratio / m;
            ent += h;
            kl += (ratio - 1) - logRatio;
            clipped += Math.abs(ratio - 1) > c ? 1 : 0;
            for (int a = 0; a < actions; a++) {
                double d = -dLogp * p[a] + cfg.entropyCoef() / m * p[a] * (logp[a] + h);
                dLogits[o + a] = (float) (a == r.actions()[k] ? d + dLogp : d);
            }
            double v = values[j], ret = targets.returns()[k], old = r.values()[k];
            double unclipped = (v - ret) * (v - ret);
            double dv;
            if (cfg.clipValueLoss()) {
                double vc = old + clamp(v - old, -c, c);
                double clippedLoss = (vc - ret) * (vc - ret);
                vl += Math.max(unclipped, clippedLoss);
                dv = maxGrad(unclipped, clippedLoss, 2 * (v - ret), 2 * (vc - ret) * clampGrad(v - old, -c, c));
            } else {
                vl += unclipped;
                dv = 2 * (v - ret);
            }
            dValues[j] = (float) (cfg.valueCoef() * 0.5 * dv / m);
        }
        pg /= m;
        vl = 0.5 * vl / m;
        ent /= m;
        return new Terms(pg - cfg.entropyCoef() * ent + cfg.valueCoef() * vl, pg, vl, ent, kl / m, clipped / m);
    }

    /** Log-softmax of logits[o..o+n) into logp, softmax into p; returns the entropy. */
    static double logSoftmax(float[] logits, int o, int n, double[] logp, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < n; a++) {
            max = Math.max(max, logits[o + a]);
        }
        double sum = 0;
        for (int a = 0; a < n; a++) {
            sum += Math.exp(logits[o + a] - max);
        }
        double lse = max + Math.log(sum), h = 0;
        for (int a = 0; a < n; a++) {
            logp[a] = logits[o + a] - lse;
            p[a] = Math.exp(logp[a]);
            h -= p[a] * logp[a];
        }
        return h;
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    /** PyTorch's clamp gradient: 1 inside [lo, hi] (bounds included), else 0. */
    private static double clampGrad(double x, double lo, double hi) {
        return x >= lo && x <= hi ? 1 : 0;
    }

    /** PyTorch's gradient of max(a, b) given those of a and b: the larger's, half each on a tie. */
    private static double maxGrad(double a, double b, double ga, double gb) {
        return a > b ? ga : a < b ? gb : 0.5 * (ga + gb);
    }
}
