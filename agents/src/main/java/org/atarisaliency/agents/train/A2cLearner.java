package org.atarisaliency.agents.train;

import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.RecurrentCell;

/**
 * The A2C learner on the CPU, in plain Java: forward of the conv layers over all (T+1)*N
 * observations, the recurrent cell (GRU or LSTM) through time, GAE, the loss gradient, backward
 * through time and through the shared conv layers, global-norm clipping and Adam, all with
 * PyTorch's conventions (see {@link Learner}). The same path also takes supervised updates
 * towards an expert's actions ({@link #imitate}); only the loss on the heads differs
 * ({@link HeadLoss}).
 *
 * <p>The conv layers and the large matrix products run on {@code threads} threads over a fixed
 * split of the batch ({@link ConvStack#SHARDS} shards with disjoint outputs; partial weight
 * gradients are added in shard order), so updates are bitwise reproducible for any thread count.
 */
public final class A2cLearner implements Learner {
    private static final int SHARDS = ConvStack.SHARDS;

    private final A2cConfig cfg;
    private final ActorCriticWeights shape;
    private final Parameters params;
    private final Parameters grads;
    private final Adam adam;
    private final ConvStack conv;
    private final Workers workers;
    private RecurrentCore core;
    private float[][][] scratch;
    private long updates;

    /** A learner on {@code min(2, cores)} threads. */
    public A2cLearner(ActorCriticWeights initial, A2cConfig cfg) {
        this(initial, cfg, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * @param initial  the starting weights (copied)
     * @param threads  threads for the batched parts (results do not depend on it)
     */
    public A2cLearner(ActorCriticWeights initial, A2cConfig cfg, int threads) {
        if (initial.inputSize() != ActorCriticWeights.INPUT_SIZE) {
            throw new IllegalArgumentException("the learner needs " + ActorCriticWeights.INPUT_SIZE + "x" + ActorCriticWeights.INPUT_SIZE
                    + " inputs, the network has " + initial.inputSize());
        }
        this.cfg = cfg;
        this.shape = initial;
        this.params = new Parameters(initial);
        this.grads = Parameters.zerosLike(initial);
        this.adam = new Adam(initial);
        this.conv = new ConvStack(initial);
        this.workers = new Workers(threads);
    }

    @Override
    public UpdateStats update(Batch batch) {
        A2cLoss.Terms terms = computeGradients(batch, a2c());
        double norm = step();
        return new UpdateStats(terms.policyLoss(), terms.valueLoss(), terms.entropy(), norm, terms.meanValue());
    }

    /**
     * One supervised update towards an expert's actions (imitation, DAgger style): the mean over
     * the batch's T*N steps of {@code -log pi(label|s)}, through time from the batch's start state
     * with its done-resets, then the same clipping ({@link A2cConfig#maxGradNorm()}) and Adam step
     * ({@link A2cConfig#learningRate()}, the shared moments and update count) as {@link #update}.
     * The value head gets no gradient; the batch's rewards and actions are ignored.
     *
     * @param labels  [T*N] expert actions, {@code labels[t*N + i]} for step t of env i
     */
    @Override
    public ImitationStats imitate(Batch batch, int[] labels) {
        ImitationLoss loss = new ImitationLoss(shape.actions(), labels);
        loss.check(batch);
        ImitationLoss.Terms terms = computeGradients(batch, loss);
        double norm = step();
        return new ImitationStats(terms.crossEntropy(), terms.accuracy(), terms.entropy(), norm);
    }

    /**
     * The gradient of the A2C loss on {@code batch} at the current weights (before clipping), by
     * PyTorch tensor name; changes nothing but scratch.
     */
    public Map<String, float[]> gradients(Batch batch) {
        computeGradients(batch, a2c());
        return gradientCopies();
    }

    /** The gradient of the imitation loss (see {@link #imitate}) like {@link #gradients(Batch)}. */
    public Map<String, float[]> imitationGradients(Batch batch, int[] labels) {
        ImitationLoss loss = new ImitationLoss(shape.actions(), labels);
        loss.check(batch);
        computeGradients(batch, loss);
        return gradientCopies();
    }

    /** The A2C loss on {@code batch} at the current weights (its terms' weighted mean), without a step. */
    public double loss(Batch batch) {
        return computeGradients(batch, a2c()).loss();
    }

    private HeadLoss<A2cLoss.Terms> a2c() {
        return (b, logits, values, dLogits, dValues) -> A2cLoss.compute(cfg, b, shape.actions(), logits, values, dLogits, dValues);
    }

    private Map<String, float[]> gradientCopies() {
        return grads.copies();
    }

    /** Clips the gradient to the global norm (PyTorch's clip_grad_norm_), steps Adam; returns the norm before clipping. */
    private double step() {
        double norm = grads.clipGlobalNorm(cfg.maxGradNorm());
        adam.step(params, grads, cfg);
        updates++;
        pushWeights();
        return norm;
    }

    /** The shared forward and backward: fills {@link #grads} with the gradient of {@code loss} on {@code b}. */
    private <R> R computeGradients(Batch b, HeadLoss<R> loss) {
        check(b);
        int n = b.envs(), steps = b.steps(), all = (steps + 1) * n, learn = steps * n;
        conv.load(b.observations(), all);
        if (core == null || core.capacity() < all) {
            core = new RecurrentCore(params.toWeights(), all);
            scratch = new float[SHARDS][core.gateRows() / SHARDS + 1][learn];
        } else if (scratch[0][0].length < learn) {
            scratch = new float[SHARDS][core.gateRows() / SHARDS + 1][learn];
        }
        RecurrentCore c = core;
        workers.run(SHARDS, k -> {
            conv.forward(k, all);
            int s0 = ConvStack.shardStart(k, all), s1 = ConvStack.shardStart(k + 1, all);
            for (int s = s0; s < s1; s++) {
                conv.features(s, c.feat[s]);
            }
            c.project(s0, s1);
        });
        boolean lstm = shape.cell() == RecurrentCell.LSTM;
        c.forward(n, steps, b.start().part("h"), lstm ? b.start().part("c") : null, b.dones());
        float[] dLogits = new float[learn * shape.actions()], dValues = new float[learn];
        R terms = loss.compute(b, c.logits, c.values, dLogits, dValues);
        c.backward(n, steps, b.dones(), dLogits, dValues);
        int g = c.gateRows();
        float[] dWih = grads.cell(0), dWhh = grads.cell(1);
        workers.run(2 * SHARDS, k -> {
            if (k < SHARDS) {
                int s0 = ConvStack.shardStart(k, learn), s1 = ConvStack.shardStart(k + 1, learn);
                c.featureGradient(s0, s1);
                for (int s = s0; s < s1; s++) {
                    conv.featureGradient(s, c.dFeat[s]);
                }
                conv.backward(k, learn);
            } else {
                int j = k - SHARDS;
                c.weightGradient(g * j / SHARDS, g * (j + 1) / SHARDS, learn, scratch[j], dWih, dWhh);
            }
        });
        float[][] dcw = new float[ConvStack.LAYERS][], dcb = new float[ConvStack.LAYERS][];
        for (int l = 0; l < ConvStack.LAYERS; l++) {
            dcw[l] = grads.convWeight(l);
            dcb[l] = grads.convBias(l);
        }
        conv.gradients(dcw, dcb);
        c.biasGradients(learn, grads.cell(2), grads.cell(3));
        c.headGradients(grads.head(2), grads.head(3), grads.head(0), grads.head(1));
        return terms;
    }

    private void check(Batch b) {
        if (b.inputLength() != conv.inputLength()) {
            throw new IllegalArgumentException("batch observations have " + b.inputLength() + " floats, the network takes "
                    + conv.inputLength());
        }
        List<String> names = shape.cell().stateNames();
        if (!b.start().names().equals(names) || b.start().size() != shape.hidden()) {
            throw new IllegalArgumentException("batch start state has parts " + b.start().names() + " of size " + b.start().size()
                    + ", the network's " + shape.cell() + " needs " + names + " of size " + shape.hidden());
        }
    }

    private void pushWeights() {
        ActorCriticWeights w = params.toWeights();
        conv.setWeights(w.convWeight(), w.convBias());
        if (core != null) {
            core.setWeights(w);
        }
    }

    @Override
    public ActorCriticWeights weights() {
        return params.toWeights();
    }

    @Override
    public Map<String, float[]> optimizerState() {
        return adam.state();
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public void restore(ActorCriticWeights weights, Map<String, float[]> optimizerState, long updates) {
        Parameters p = new Parameters(weights);
        boolean same = p.names().equals(params.names()) && weights.inputSize() == shape.inputSize();
        for (int i = 0; same && i < p.tensors().size(); i++) {
            same = p.tensors().get(i).length == params.tensors().get(i).length;
        }
        if (!same) {
            throw new IllegalArgumentException("restored weights (" + weights.cell() + ", hidden " + weights.hidden() + ", " + weights.actions()
                    + " actions) do not match the learner's network (" + shape.cell() + ", hidden " + shape.hidden() + ", "
                    + shape.actions() + " actions)");
        }
        adam.restore(optimizerState, updates);
        params.copyFrom(p);
        this.updates = updates;
        pushWeights();
    }

    @Override
    public void close() {
        workers.close();
    }
}
