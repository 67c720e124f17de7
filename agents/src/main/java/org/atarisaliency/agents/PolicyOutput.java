package org.atarisaliency.agents;

/**
 * What a policy returns for a batch of N observations.
 *
 * @param batch    N
 * @param actions  A, the number of actions
 * @param logits   [N*A] actor logits, row-major
 * @param values   [N] critic values
 * @param next     the recurrent state after this step
 */
public record PolicyOutput(int batch, int actions, float[] logits, float[] values, RecurrentState next) {

    /** Softmax probabilities of row {@code i}. */
    public double[] probabilities(int i) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < actions; a++) {
            max = Math.max(max, logits[i * actions + a]);
        }
        double[] p = new double[actions];
        double sum = 0;
        for (int a = 0; a < actions; a++) {
            p[a] = Math.exp(logits[i * actions + a] - max);
            sum += p[a];
        }
        for (int a = 0; a < actions; a++) {
            p[a] /= sum;
        }
        return p;
    }

    /** Log-softmax of row {@code i}. */
    public double[] logProbabilities(int i) {
        double[] p = probabilities(i);
        for (int a = 0; a < p.length; a++) {
            p[a] = Math.log(p[a]);
        }
        return p;
    }

    /** The highest-logit action of row {@code i} (lowest index on ties). */
    public int greedyAction(int i) {
        int best = 0;
        for (int a = 1; a < actions; a++) {
            if (logits[i * actions + a] > logits[i * actions + best]) {
                best = a;
            }
        }
        return best;
    }
}
