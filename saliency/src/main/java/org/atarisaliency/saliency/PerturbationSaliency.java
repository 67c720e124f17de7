package org.atarisaliency.saliency;

import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.saliency.internal.GaussianFilter;
import org.atarisaliency.saliency.internal.IncrementalEngine;
import org.atarisaliency.saliency.internal.Perturbations;

/**
 * Perturbation saliency (Greydanus et al. 2018): for each grid point, blur a Gaussian-weighted
 * region of the input (or everything but it) and measure how much the actor's logits and the
 * critic's value move, re-running the step from the stored recurrent state.
 *
 * <p>For the A3C actor-critic the exact maps come from incremental inference (only the conv
 * windows a mask can change are recomputed; see {@link IncrementalEngine}). Any other
 * {@link Policy} goes through the batched path: the unperturbed input and all perturbations in
 * batched forwards of at most {@link SaliencyRequest#batch()} images. Both give the same maps.
 *
 * <p><b>Frame stacks.</b> For an agent whose state part {@value PerturbTarget#FRAMES} holds the
 * older frames of its stack (RL4J, SB3 / CleanRL), the default {@link PerturbTarget#NEWEST}
 * perturbs the observation (the newest frame) only and re-runs the step from the stored older
 * frames. {@link PerturbTarget#STACK} perturbs every frame of the stack with the same mask, each
 * frame blended with its own blur ({@code F' = F*(1-M) + blur(F)*M}); it always takes the batched
 * path and is refused for agents without a frame stack. The map lies on the newest frame either way.
 */
public final class PerturbationSaliency implements AutoCloseable {
    private final Policy policy;
    private final IncrementalEngine engine;

    /** Uses the incremental engine when the policy is the A3C actor-critic, else the batched path. */
    public PerturbationSaliency(Policy policy) {
        this(policy, true);
    }

    private PerturbationSaliency(Policy policy, boolean incremental) {
        this.policy = policy;
        this.engine = incremental && policy instanceof ActorCriticPolicy acp && acp.weights().inputChannels() == 1
                ? new IncrementalEngine(acp.weights(), Runtime.getRuntime().availableProcessors()) : null;
    }

    /** Always the batched path (whole perturbed images through {@link Policy#forward}). */
    public static PerturbationSaliency batched(Policy policy) {
        return new PerturbationSaliency(policy, false);
    }

    /** Whether this instance uses incremental inference. */
    public boolean incremental() {
        return engine != null;
    }

    /** Computes the actor, critic and chosen-action maps of one frame. */
    public SaliencyMap compute(SaliencyRequest r) throws InterruptedException {
        int size = policy.inputSize();
        int channels = policy.inputChannels();
        if (r.input().length != channels * size * size) {
            throw new IllegalArgumentException("input has " + r.input().length + " floats, the agent takes " + channels + "x" + size + "x" + size);
        }
        float[] input = r.input();
        float[] blurred = blurPlanes(input, size, r.blurSigma());
        boolean stack = r.target() == PerturbTarget.STACK;
        if (stack) {
            checkFrameStack(r.state(), channels * size * size);
        }
        MaskBank bank = MaskBank.of(r.stride(), r.radius(), size);
        int n = bank.count();
        int a = policy.actionCount();
        float[] logits = new float[n * a];
        float[] values = new float[n];
        PolicyOutput base = engine != null && !stack
                ? incremental(r, bank, input, blurred, logits, values)
                : batchedForward(r, bank, input, blurred, logits, values);
        return scores(bank, base, logits, values, input, blurred, size);
    }

    /** Each size x size plane of {@code x} blurred (sigma {@code sigma}). */
    private static float[] blurPlanes(float[] x, int size, double sigma) {
        int plane = size * size;
        float[] out = new float[x.length];
        for (int c = 0; c < x.length / plane; c++) {
            float[] p = java.util.Arrays.copyOfRange(x, c * plane, (c + 1) * plane);
            System.arraycopy(GaussianFilter.filter(p, size, size, sigma), 0, out, c * plane, plane);
        }
        return out;
    }

    /** Refuses {@link PerturbTarget#STACK} for a state without older frames of {@code frame} floats each. */
    private void checkFrameStack(RecurrentState state, int frame) {
        if (!state.names().contains(PerturbTarget.FRAMES)) {
            throw new org.atarisaliency.env.InvalidSettingException("perturb", "stack needs an agent with a frame stack; this agent ("
                    + policy.describe() + ") has " + (state.names().isEmpty() ? "no state" : "the recurrent state " + state.names())
                    + ", not older frames: use newest");
        }
        int n = state.part(PerturbTarget.FRAMES).length;
        if (n == 0 || n % frame != 0) {
            throw new IllegalArgumentException("state part '" + PerturbTarget.FRAMES + "' has " + n + " floats, not a whole number of "
                    + frame + "-float frames");
        }
    }

    private PolicyOutput incremental(SaliencyRequest r, MaskBank bank, float[] input, float[] blurred, float[] logits, float[] values)
            throws InterruptedException {
        boolean searchlight = r.mode() == PerturbationMode.SEARCHLIGHT;
        float[] h = r.state().part("h");
        float[] c = r.state().names().contains("c") ? r.state().part("c") : null;
        IncrementalEngine.Base reference = engine.base(input, h, c);
        IncrementalEngine.Base start = searchlight ? engine.base(blurred, h, c) : reference;
        engine.run(start, new IncrementalEngine.MaskSource() {
            @Override
            public int count() {
                return bank.count();
            }

            @Override
            public int[] box(int k) {
                return bank.box(k);
            }

            @Override
            public float value(int k, int i) {
                return Perturbations.perturb(input[i], blurred[i], bank.mask(k)[i], searchlight);
            }
        }, logits, values);
        float[] out = reference.output();
        int a = policy.actionCount();
        float[] baseLogits = java.util.Arrays.copyOf(out, a);
        float[][] next = reference.nextState();
        return new PolicyOutput(1, a, baseLogits, new float[] {out[a]}, new RecurrentState(1, r.state().names(), List.of(next)));
    }

    private PolicyOutput batchedForward(SaliencyRequest r, MaskBank bank, float[] input, float[] blurred, float[] logits, float[] values) {
        boolean searchlight = r.mode() == PerturbationMode.SEARCHLIGHT;
        int per = input.length;
        int plane = bank.size() * bank.size();
        int n = bank.count();
        int a = policy.actionCount();
        boolean stack = r.target() == PerturbTarget.STACK;
        int fi = stack ? r.state().names().indexOf(PerturbTarget.FRAMES) : -1;
        float[] frames = stack ? r.state().parts().get(fi) : null;
        float[] framesBlurred = stack ? blurPlanes(frames, bank.size(), r.blurSigma()) : null;
        PolicyOutput base = null;
        // item -1 is the unperturbed input, items 0..n-1 the perturbations, in chunks of r.batch()
        for (int first = -1; first < n; first += r.batch()) {
            int count = Math.min(r.batch(), n - first);
            float[] x = new float[count * per];
            for (int j = 0; j < count; j++) {
                int k = first + j;
                if (k < 0) {
                    System.arraycopy(input, 0, x, 0, per);
                    continue;
                }
                double[] m = bank.mask(k);
                for (int i = 0; i < per; i++) {
                    x[j * per + i] = Perturbations.perturb(input[i], blurred[i], m[i % plane], searchlight);
                }
            }
            RecurrentState states = r.state().repeatRow(0, count);
            if (stack) {
                // the older frames under the same mask (item -1 keeps them as they are)
                float[] f = states.parts().get(fi);
                int keep = frames.length;
                for (int j = 0; j < count; j++) {
                    int k = first + j;
                    if (k >= 0) {
                        double[] m = bank.mask(k);
                        for (int i = 0; i < keep; i++) {
                            f[j * keep + i] = Perturbations.perturb(frames[i], framesBlurred[i], m[i % plane], searchlight);
                        }
                    }
                }
            }
            PolicyOutput out = policy.forward(x, states);
            for (int j = 0; j < count; j++) {
                int k = first + j;
                if (k < 0) {
                    base = new PolicyOutput(1, a, java.util.Arrays.copyOf(out.logits(), a), new float[] {out.values()[0]}, out.next().row(0));
                } else {
                    System.arraycopy(out.logits(), j * a, logits, k * a, a);
                    values[k] = out.values()[j];
                }
            }
        }
        return base;
    }

    private SaliencyMap scores(MaskBank bank, PolicyOutput base, float[] logits, float[] values, float[] input, float[] blurred, int size) {
        int n = bank.count();
        int a = base.actions();
        float[] actor = new float[n], critic = new float[n], chosen = new float[n], actorTv = new float[n], criticDv = new float[n];
        int act = base.greedyAction(0);
        double[] logp0 = base.logProbabilities(0);
        double[] p0 = base.probabilities(0);
        for (int k = 0; k < n; k++) {
            double s = 0, mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < a; j++) {
                double d = base.logits()[j] - logits[k * a + j];
                s += d * d;
                mx = Math.max(mx, logits[k * a + j]);
            }
            actor[k] = (float) (0.5 * s);
            double dv = base.values()[0] - values[k];
            critic[k] = (float) (0.5 * dv * dv);
            double z = 0;
            for (int j = 0; j < a; j++) {
                z += Math.exp(logits[k * a + j] - mx);
            }
            double logz = mx + Math.log(z);
            double logp = logits[k * a + act] - logz;
            double dc = logp0[act] - logp;
            chosen[k] = (float) (0.5 * dc * dc);
            actorTv[k] = (float) totalVariation(p0, logits, k * a, logz);
            criticDv[k] = (float) Math.abs(dv);
        }
        return new SaliencyMap(bank.grid(), actor, critic, chosen, act, base, input, blurred, size, actorTv, criticDv);
    }

    /** 0.5 * sum_a |p_a - softmax(logits[from..from+A))_a|, the softmax's log-normaliser given. */
    private static double totalVariation(double[] p, float[] logits, int from, double logz) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            s += Math.abs(p[j] - Math.exp(logits[from + j] - logz));
        }
        return 0.5 * s;
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
