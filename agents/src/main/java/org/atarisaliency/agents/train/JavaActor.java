package org.atarisaliency.agents.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticShape;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * The acting side's forward pass on the learner's own Java kernels (the conv stack in four fixed
 * shards on the learner's threads, the recurrent cell and the heads): for a batch of 16 it is
 * several times faster than the native forward at one OpenMP thread, and like the learner its
 * results do not depend on the thread count.
 */
public final class JavaActor implements ActorCriticShape {
    private ActorCriticWeights w;
    private final ConvStack conv;
    private final Workers workers;
    private RecurrentCore core;

    /** An actor with the weights {@code w} on {@code threads} threads. */
    public JavaActor(ActorCriticWeights w, int threads) {
        this.w = w;
        this.conv = new ConvStack(w);
        this.workers = new Workers(threads);
    }

    /** Acts with new weights of the same shape (the learner's after an update). */
    public void setWeights(ActorCriticWeights weights) {
        this.w = weights;
        conv.setWeights(weights.convWeight(), weights.convBias());
        if (core != null) {
            core.setWeights(weights);
        }
    }






    @Override
    public ActorCriticWeights weights() {
        return w;
    }

    @Override
    public String describe() {
        return "A3C actor-critic (" + w.cell() + " " + w.hidden() + ", " + w.actions() + " actions), Java kernels";
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch(), hid = w.hidden(), a = w.actions();
        if (core == null || core.capacity() < n) {
            core = new RecurrentCore(w, n);
        }
        RecurrentCore c = core;
        conv.load(observations, n);
        workers.run(ConvStack.SHARDS, k -> {
            conv.forward(k, n);
            int s0 = ConvStack.shardStart(k, n), s1 = ConvStack.shardStart(k + 1, n);
            for (int s = s0; s < s1; s++) {
                conv.features(s, c.feat[s]);
            }
            c.project(s0, s1);
        });
        boolean lstm = state.names().contains("c");
        c.forward(n, 0, state.part("h"), lstm ? state.part("c") : null, new boolean[0]);
        List<float[]> next = new ArrayList<>();
        float[] h = new float[n * hid];
        for (int s = 0; s < n; s++) {
            System.arraycopy(c.hOut(s), 0, h, s * hid, hid);
        }
        next.add(h);
        if (lstm) {
            float[] cs = new float[n * hid];
            for (int s = 0; s < n; s++) {
                System.arraycopy(c.cOut(s), 0, cs, s * hid, hid);
            }
            next.add(cs);
        }
        return new PolicyOutput(n, a, Arrays.copyOf(c.logits, n * a), Arrays.copyOf(c.values, n), new RecurrentState(n, state.names(), next));
    }

    @Override
    public void close() {
        workers.close();
    }
}
