package org.atarisaliency.agents.train;

/**
 * The imitation (behaviour-cloning, DAgger-style) loss of one batch: with M = T*N samples and
 * expert labels {@code y_t}, {@code mean[-log pi(y_t|s_t)]}, whose gradient with respect to the
 * logits is {@code (pi - onehot(y)) / M}. The value head gets no gradient; rewards, dones'
 * bootstrapping and the batch's own actions play no part (dones still reset the state).
 */
final class ImitationLoss implements HeadLoss<ImitationLoss.Terms> {
    private final int actions;
    private final int[] labels;

    /** Means over the batch: cross-entropy, accuracy of the student's arg-max, student entropy. */
    record Terms(double crossEntropy, double accuracy, double entropy) {
    }

    /**
     * @param labels  [T*N] expert actions, {@code labels[t*N + i]} for step t of env i
     */
    ImitationLoss(int actions, int[] labels) {
        this.actions = actions;
        this.labels = labels;
    }

    /** Rejects labels of the wrong length or outside 0..A-1 (call before {@link #compute}). */
    void check(Batch b) {
        int m = b.envs() * b.steps();
        if (labels.length != m) {
            throw new IllegalArgumentException("got " + labels.length + " labels for " + b.steps() + " steps x " + b.envs() + " envs");
        }
        for (int s = 0; s < m; s++) {
            if (labels[s] < 0 || labels[s] >= actions) {
                throw new IllegalArgumentException("label " + labels[s] + " at sample " + s + " is outside 0.." + (actions - 1));
            }
        }
    }

    @Override
    public Terms compute(Batch b, float[] logits, float[] values, float[] dLogits, float[] dValues) {
        int m = b.envs() * b.steps();
        double ce = 0, ent = 0;
        int hits = 0;
        for (int s = 0; s < m; s++) {
            int o = s * actions, best = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < actions; k++) {
                max = Math.max(max, logits[o + k]);
                if (logits[o + k] > logits[o + best]) {
                    best = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < actions; k++) {
                sum += Math.exp(logits[o + k] - max);
            }
            double lse = max + Math.log(sum);
            int y = labels[s];
            for (int k = 0; k < actions; k++) {
                double lp = logits[o + k] - lse, p = Math.exp(lp);
                ent -= p * lp;
                dLogits[o + k] = (float) ((p - (k == y ? 1 : 0)) / m);
            }
            ce += lse - logits[o + y];
            hits += best == y ? 1 : 0;
        }
        return new Terms(ce / m, (double) hits / m, ent / m);
    }
}
