package org.atarisaliency.agents.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * Adam with PyTorch's semantics ({@code torch.optim.Adam}, no weight decay, no amsgrad):
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
final class Adam {
    /** Key prefixes of the moments in {@link #state()}. */
    static final String EXP_AVG = "exp_avg.", EXP_AVG_SQ = "exp_avg_sq.";

    private final Parameters m;
    private final Parameters v;
    private long steps;

    Adam(ActorCriticWeights shape) {
        this(new Parameters(shape));
    }

    /** Zero moments for parameters shaped like {@code shape}. */
    Adam(Parameters shape) {
        m = Parameters.zerosLike(shape);
        v = Parameters.zerosLike(shape);
    }

    /** Steps taken so far (PyTorch's per-parameter {@code step}). */
    long steps() {
        return steps;
    }

    /** One step of {@code params} along {@code grads}. */
    void step(Parameters params, Parameters grads, A2cConfig cfg) {
        step(params, grads, cfg.learningRate(), cfg.adamBeta1(), cfg.adamBeta2(), cfg.adamEps());
    }

    /** One step with step size {@code lr}, betas {@code beta1}, {@code beta2} and epsilon {@code epsilon}. */
    void step(Parameters params, Parameters grads, double lr, double beta1, double beta2, double epsilon) {
        steps++;
        float b1 = (float) beta1, b2 = (float) beta2;
        float c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float eps = (float) epsilon;
        List<float[]> ps = params.tensors(), gs = grads.tensors(), ms = m.tensors(), vs = v.tensors();
        for (int t = 0; t < ps.size(); t++) {
            float[] p = ps.get(t), g = gs.get(t), mt = ms.get(t), vt = vs.get(t);
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                float mi = mt[i] * b1 + c1 * gi;
                float vi = vt[i] * b2 + c2 * gi * gi;
                mt[i] = mi;
                vt[i] = vi;
                p[i] -= stepSize * (mi / ((float) Math.sqrt(vi) / bc2Sqrt + eps));
            }
        }
    }

    /** Copies of the moments, keyed "exp_avg." / "exp_avg_sq." + the PyTorch tensor name. */
    Map<String, float[]> state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int t = 0; t < m.names().size(); t++) {
            out.put(EXP_AVG + m.names().get(t), m.tensors().get(t).clone());
        }
        for (int t = 0; t < v.names().size(); t++) {
            out.put(EXP_AVG_SQ + v.names().get(t), v.tensors().get(t).clone());
        }
        return out;
    }

    /**
     * Takes the moments of {@link #state()} and the step count; every tensor must be present with
     * its length (checked before anything changes).
     */
    void restore(Map<String, float[]> state, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("update count must be >= 0, got " + steps);
        }
        for (boolean copy : new boolean[] {false, true}) {
            for (Parameters p : List.of(m, v)) {
                String prefix = p == m ? EXP_AVG : EXP_AVG_SQ;
                for (int t = 0; t < p.names().size(); t++) {
                    String key = prefix + p.names().get(t);
                    float[] src = state.get(key), dst = p.tensors().get(t);
                    if (src == null || src.length != dst.length) {
                        throw new IllegalArgumentException("optimizer state " + (src == null ? "lacks '" + key + "'"
                                : "'" + key + "' has " + src.length + " values, expected " + dst.length) + "; it has " + state.keySet());
                    }
                    if (copy) {
                        System.arraycopy(src, 0, dst, 0, dst.length);
                    }
                }
            }
        }
        this.steps = steps;
    }
}
