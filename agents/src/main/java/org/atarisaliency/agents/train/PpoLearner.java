package org.atarisaliency.agents.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.env.SplitMix;

/**
 * CleanRL's PPO update ({@code ppo_atari}, or {@code ppo_atari_lstm} with {@link PpoArch#LSTM}) on
 * the CPU in plain Java: GAE over the rollout, then per epoch a shuffled split into minibatches
 * (of samples; for the LSTM of whole envs, each replayed through time from the rollout's start
 * state with its episode resets), each one forward, {@link PpoLoss}, backward, global-norm
 * clipping and an Adam step. The same network also acts ({@link #act}).
 *
 * <p>The trunk runs on {@code threads} threads over a fixed split of each minibatch
 * ({@link NatureTrunk}), the LSTM's matrix products likewise ({@link RecurrentCore}), so updates are
 * bitwise reproducible for any thread count.
 */
public final class PpoLearner implements AutoCloseable {
    private static final int SHARDS = NatureTrunk.SHARDS;

    /** What one policy step gives: logits [N*A], values [N] and the next LSTM state (null for the CNN). */
    public record Acting(float[] logits, float[] values, RecurrentState next) {
    }

    /** Means over an update's minibatches (CleanRL's logged losses), and the last minibatch's gradient norm. */
    public record Stats(double policyLoss, double valueLoss, double entropy, double approxKl, double clipFraction, double gradNorm) {
    }

    private final PpoArch arch;
    private final PpoConfig cfg;
    private final int actions;
    private final Parameters params;
    private final Parameters grads;
    private final Adam adam;
    private final NatureTrunk trunk;
    private final Workers workers;
    private RecurrentCore core;
    private float[][][] scratch;
    private long steps;

    /**
     * @param weights  the starting state dict (CleanRL's names, {@link PpoArch#shapes}; copied)
     * @param threads  threads for the batched parts (results do not depend on it)
     */
    public PpoLearner(PpoArch arch, Map<String, float[]> weights, PpoConfig cfg, int threads) {
        this.arch = arch;
        this.cfg = cfg;
        float[] actorBias = weights.get("actor.bias");
        this.actions = actorBias == null ? 0 : actorBias.length;
        check(arch, weights, actions);
        LinkedHashMap<String, float[]> ordered = new LinkedHashMap<>();
        arch.shapes(actions).keySet().forEach(k -> ordered.put(k, weights.get(k)));
        this.params = new Parameters(ordered);
        this.grads = Parameters.zerosLike(params);
        this.adam = new Adam(params);
        this.trunk = new NatureTrunk(arch.frames);
        this.workers = new Workers(threads);
        pushWeights();
    }

    /** Refuses a state dict that lacks a tensor of {@code arch} for {@code actions} actions, or has one of another size. */
    static void check(PpoArch arch, Map<String, float[]> weights, int actions) {
        if (actions < 1) {
            throw new IllegalArgumentException("the weights have no actor.bias; expected CleanRL " + arch.script() + "'s tensors");
        }
        for (Map.Entry<String, int[]> e : arch.shapes(actions).entrySet()) {
            float[] t = weights.get(e.getKey());
            int n = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
            if (t == null || t.length != n) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' " + (t == null ? "is missing" : "has " + t.length + " values")
                        + "; CleanRL " + arch.script() + " with " + actions + " actions has " + Arrays.toString(e.getValue()));
            }
        }
    }

    public PpoArch arch() {
        return arch;
    }

    public int actions() {
        return actions;
    }

    /** Adam steps taken (one per minibatch). */
    public long steps() {
        return steps;
    }

    /** Copies of the weights by CleanRL's names, in parameter order. */
    public LinkedHashMap<String, float[]> weights() {
        return params.copies();
    }

    /**
     * Writes the weights as {@code torch.save(agent.state_dict(), file)} of CleanRL's Agent would
     * (its names, shapes and order; written atomically), which {@code torch.load(weights_only=True)}
     * and {@code Agent.load_state_dict} read.
     */
    public void saveModel(java.nio.file.Path file) throws java.io.IOException {
        writeModel(file, arch, actions, weights());
    }

    /** Writes {@code weights} of {@code arch} as {@link #saveModel} writes a learner's. */
    public static void writeModel(java.nio.file.Path file, PpoArch arch, int actions, Map<String, float[]> weights) throws java.io.IOException {
        check(arch, weights, actions);
        Map<String, org.atarisaliency.agents.checkpoint.TensorData> tensors = new LinkedHashMap<>();
        arch.shapes(actions).forEach((name, shape) -> tensors.put(name,
                org.atarisaliency.agents.checkpoint.TensorData.float32(weights.get(name).clone(), Arrays.stream(shape).asLongStream().toArray())));
        org.atarisaliency.agents.checkpoint.TorchCheckpointWriter.write(file, tensors);
    }

    /** Adam's moments, keyed as {@link Learner#optimizerState()}. */
    public Map<String, float[]> optimizerState() {
        return adam.state();
    }

    /** Continues from saved weights, Adam moments and step count (checked before anything changes). */
    public void restore(Map<String, float[]> weights, Map<String, float[]> optimizerState, long adamSteps) {
        check(arch, weights, actions);
        adam.restore(optimizerState, adamSteps);
        for (int i = 0; i < params.names().size(); i++) {
            float[] src = weights.get(params.names().get(i));
            System.arraycopy(src, 0, params.tensors().get(i), 0, src.length);
        }
        this.steps = adamSteps;
        pushWeights();
    }

    /**
     * One policy step of N agents: observations [N * inputLength] (scaled), the LSTM state before
     * it (null for the CNN), zeroed first where {@code starts[i]} (CleanRL's {@code done}).
     */
    public Acting act(float[] observations, int n, RecurrentState state, boolean[] starts) {
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        forwardTrunk(observations, idx);
        float[] logits = new float[n * actions], values = new float[n];
        if (arch == PpoArch.CNN) {
            heads(n, logits, values);
            return new Acting(logits, values, null);
        }
        float[] h = state.part("h").clone(), c = state.part("c").clone();
        zeroRows(h, c, starts);
        RecurrentCore rc = recurrent(n);
        rc.forward(n, 0, h, c, new boolean[0]);
        System.arraycopy(rc.logits, 0, logits, 0, logits.length);
        System.arraycopy(rc.values, 0, values, 0, n);
        RecurrentState next = RecurrentState.zeros(n, arch.stateNames(), arch.hidden);
        for (int i = 0; i < n; i++) {
            System.arraycopy(rc.hOut(i), 0, next.part("h"), i * arch.hidden, arch.hidden);
            System.arraycopy(rc.cOut(i), 0, next.part("c"), i * arch.hidden, arch.hidden);
        }
        return new Acting(logits, values, next);
    }

    /**
     * One update from a rollout: {@link PpoConfig#epochs()} passes, each a permutation (from
     * {@code rng}) split into {@link PpoConfig#minibatches()} minibatches, one Adam step of
     * size {@code learningRate} each.
     */
    public Stats update(PpoRollout r, double learningRate, SplitMix rng) {
        PpoRollout.Targets targets = r.targets(cfg.gamma(), cfg.gaeLambda());
        int units = arch == PpoArch.LSTM ? r.envs() : r.envs() * r.steps();
        int per = units / cfg.minibatches();
        if (per < 1 || units % cfg.minibatches() != 0) {
            throw new IllegalArgumentException("the rollout's " + units + (arch == PpoArch.LSTM ? " envs" : " samples")
                    + " do not split into " + cfg.minibatches() + " minibatches");
        }
        int[] order = new int[units];
        Arrays.setAll(order, i -> i);
        double[] sums = new double[5];
        double norm = 0;
        int count = 0;
        for (int e = 0; e < cfg.epochs(); e++) {
            shuffle(order, rng);
            for (int start = 0; start < units; start += per) {
                PpoLoss.Terms t = computeGradients(r, targets, Arrays.copyOfRange(order, start, start + per));
                norm = step(learningRate);
                double[] v = {t.policyLoss(), t.valueLoss(), t.entropy(), t.approxKl(), t.clipFraction()};
                for (int i = 0; i < 5; i++) {
                    sums[i] += v[i];
                }
                count++;
            }
        }
        return new Stats(sums[0] / count, sums[1] / count, sums[2] / count, sums[3] / count, sums[4] / count, norm);
    }

    /** numpy-style Fisher-Yates shuffle driven by {@code rng}. */
    private static void shuffle(int[] a, SplitMix rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The loss gradient of one minibatch at the current weights (before clipping), by name; changes
     * nothing but scratch.
     *
     * @param selection  sample indices ({@code t*N + i}) for the CNN; env indices for the LSTM (all T steps of each)
     */
    public Map<String, float[]> gradients(PpoRollout r, PpoRollout.Targets targets, int[] selection) {
        computeGradients(r, targets, selection);
        return grads.copies();
    }

    /** One minibatch step (gradient, clipping, Adam with step size {@code learningRate}); returns the gradient norm before clipping. */
    public double minibatchStep(PpoRollout r, PpoRollout.Targets targets, int[] selection, double learningRate) {
        computeGradients(r, targets, selection);
        return step(learningRate);
    }

    private double step(double learningRate) {
        double norm = grads.clipGlobalNorm(cfg.maxGradNorm());
        adam.step(params, grads, learningRate, PpoConfig.BETA1, PpoConfig.BETA2, cfg.adamEps());
        steps++;
        pushWeights();
        return norm;
    }

    private PpoLoss.Terms computeGradients(PpoRollout r, PpoRollout.Targets targets, int[] selection) {
        if (r.inputLength() != trunk.inputLength() || (arch == PpoArch.LSTM) != (r.start() != null)) {
            throw new IllegalArgumentException("the rollout (" + r.inputLength() + " floats per observation" + (r.start() == null ? "" : ", LSTM state")
                    + ") does not fit CleanRL " + arch.script() + " (" + trunk.inputLength() + ")");
        }
        boolean lstm = arch == PpoArch.LSTM;
        int[] idx = lstm ? envSamples(r, selection) : selection;
        int m = idx.length;
        forwardTrunk(r.observations(), idx);
        float[] logits = new float[m * actions], values = new float[m], dLogits = new float[m * actions], dValues = new float[m];
        if (!lstm) {
            heads(m, logits, values);
            PpoLoss.Terms terms = PpoLoss.compute(cfg, r, targets, idx, actions, logits, values, dLogits, dValues);
            headsBackward(m, dLogits, dValues);
            backwardTrunk(m);
            return terms;
        }
        int envs = selection.length, steps = r.steps(), n = r.envs(), hid = arch.hidden;
        RecurrentCore rc = recurrent(m);
        float[] h = new float[envs * hid], c = new float[envs * hid];
        boolean[] first = new boolean[envs], dones = new boolean[(steps - 1) * envs];
        for (int j = 0; j < envs; j++) {
            System.arraycopy(r.start().part("h"), selection[j] * hid, h, j * hid, hid);
            System.arraycopy(r.start().part("c"), selection[j] * hid, c, j * hid, hid);
            first[j] = r.starts()[selection[j]];
            for (int t = 0; t + 1 < steps; t++) {
                dones[t * envs + j] = r.starts()[(t + 1) * n + selection[j]];
            }
        }
        zeroRows(h, c, first);
        rc.forward(envs, steps - 1, h, c, dones);
        System.arraycopy(rc.logits, 0, logits, 0, logits.length);
        System.arraycopy(rc.values, 0, values, 0, m);
        PpoLoss.Terms terms = PpoLoss.compute(cfg, r, targets, idx, actions, logits, values, dLogits, dValues);
        rc.backward(envs, steps, dones, dLogits, dValues);
        int g = rc.gateRows();
        if (scratch == null || scratch[0][0].length < m) {
            scratch = new float[SHARDS][Math.max(g, NatureTrunk.FEATURES) / SHARDS + 1][m];
        }
        workers.run(2 * SHARDS, k -> {
            if (k < SHARDS) {
                int s0 = ConvStack.shardStart(k, m), s1 = ConvStack.shardStart(k + 1, m);
                rc.featureGradient(s0, s1);
                for (int s = s0; s < s1; s++) {
                    System.arraycopy(rc.dFeat[s], 0, trunk.dFeatures[s], 0, NatureTrunk.FEATURES);
                }
            } else {
                int j = k - SHARDS;
                rc.weightGradient(g * j / SHARDS, g * (j + 1) / SHARDS, m, scratch[j], grads.get("lstm.weight_ih_l0"),
                        grads.get("lstm.weight_hh_l0"));
            }
        });
        rc.biasGradients(m, grads.get("lstm.bias_ih_l0"), grads.get("lstm.bias_hh_l0"));
        rc.headGradients(grads.get("actor.weight"), grads.get("actor.bias"), grads.get("critic.weight"), grads.get("critic.bias"));
        backwardTrunk(m);
        return terms;
    }

    /** Rollout samples of the LSTM minibatch's envs, time-major ({@code t * |envs| + j} is step t of env envs[j]). */
    private static int[] envSamples(PpoRollout r, int[] envs) {
        int[] idx = new int[r.steps() * envs.length];
        for (int t = 0; t < r.steps(); t++) {
            for (int j = 0; j < envs.length; j++) {
                idx[t * envs.length + j] = t * r.envs() + envs[j];
            }
        }
        return idx;
    }

    private static void zeroRows(float[] h, float[] c, boolean[] rows) {
        int hid = h.length / rows.length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i]) {
                Arrays.fill(h, i * hid, (i + 1) * hid, 0f);
                Arrays.fill(c, i * hid, (i + 1) * hid, 0f);
            }
        }
    }

    private void forwardTrunk(float[] observations, int[] idx) {
        int m = idx.length;
        trunk.load(observations, idx, m);
        workers.run(SHARDS, k -> {
            trunk.forward(k, m);
            if (arch == PpoArch.LSTM) {
                RecurrentCore rc = recurrent(m);
                int s0 = ConvStack.shardStart(k, m), s1 = ConvStack.shardStart(k + 1, m);
                for (int s = s0; s < s1; s++) {
                    System.arraycopy(trunk.features[s], 0, rc.feat[s], 0, NatureTrunk.FEATURES);
                }
                rc.project(s0, s1);
            }
        });
    }

    private void backwardTrunk(int m) {
        workers.run(SHARDS, k -> trunk.featureReluBackward(k, m));
        if (scratch == null || scratch[0][0].length < m) {
            scratch = new float[SHARDS][NatureTrunk.FEATURES / SHARDS + 1][m];
        }
        float[] dLinear = grads.get("network.7.weight");
        int f = NatureTrunk.FEATURES;
        workers.run(2 * SHARDS, k -> {
            if (k < SHARDS) {
                trunk.backward(k, m);
            } else {
                int j = k - SHARDS;
                trunk.linearGradient(f * j / SHARDS, f * (j + 1) / SHARDS, m, scratch[j], dLinear);
            }
        });
        trunk.linearBiasGradient(m, grads.get("network.7.bias"));
        float[][] dw = new float[3][], db = new float[3][];
        for (int l = 0; l < 3; l++) {
            dw[l] = grads.get("network." + 2 * l + ".weight");
            db[l] = grads.get("network." + 2 * l + ".bias");
        }
        trunk.convGradients(dw, db);
    }

    /** The LSTM core with room for {@code samples} rows (synchronised: the trunk's shards ask for it together). */
    private synchronized RecurrentCore recurrent(int samples) {
        if (core == null || core.capacity() < samples) {
            core = new RecurrentCore(RecurrentCell.LSTM, NatureTrunk.FEATURES, arch.hidden, actions, samples);
            pushCore();
        }
        return core;
    }

    /** The CNN's heads on the trunk's features of the first m samples. */
    private void heads(int m, float[] logits, float[] values) {
        float[] aw = params.get("actor.weight"), ab = params.get("actor.bias"), cw = params.get("critic.weight");
        float cb = params.get("critic.bias")[0];
        int f = NatureTrunk.FEATURES;
        for (int s = 0; s < m; s++) {
            float[] x = trunk.features[s];
            for (int a = 0; a < actions; a++) {
                float acc = 0;
                for (int u = 0, o = a * f; u < f; u++) {
                    acc = Math.fma(aw[o + u], x[u], acc);
                }
                logits[s * actions + a] = acc + ab[a];
            }
            float v = 0;
            for (int u = 0; u < f; u++) {
                v = Math.fma(cw[u], x[u], v);
            }
            values[s] = v + cb;
        }
    }

    /** The CNN heads' gradients (sums over samples in order) and the features' gradients. */
    private void headsBackward(int m, float[] dLogits, float[] dValues) {
        float[] aw = params.get("actor.weight"), cw = params.get("critic.weight");
        float[] daw = grads.get("actor.weight"), dcw = grads.get("critic.weight");
        Arrays.fill(daw, 0f);
        Arrays.fill(dcw, 0f);
        double[] dab = new double[actions];
        double dcb = 0;
        int f = NatureTrunk.FEATURES;
        for (int s = 0; s < m; s++) {
            float[] x = trunk.features[s], dx = trunk.dFeatures[s];
            float dv = dValues[s];
            for (int u = 0; u < f; u++) {
                dx[u] = dv * cw[u];
                dcw[u] = Math.fma(dv, x[u], dcw[u]);
            }
            dcb += dv;
            for (int a = 0; a < actions; a++) {
                float dl = dLogits[s * actions + a];
                for (int u = 0, o = a * f; u < f; u++) {
                    dx[u] = Math.fma(dl, aw[o + u], dx[u]);
                    daw[o + u] = Math.fma(dl, x[u], daw[o + u]);
                }
                dab[a] += dl;
            }
        }
        float[] b = grads.get("actor.bias");
        for (int a = 0; a < actions; a++) {
            b[a] = (float) dab[a];
        }
        grads.get("critic.bias")[0] = (float) dcb;
    }

    private void pushWeights() {
        float[][] w = new float[3][], b = new float[3][];
        for (int l = 0; l < 3; l++) {
            w[l] = params.get("network." + 2 * l + ".weight");
            b[l] = params.get("network." + 2 * l + ".bias");
        }
        trunk.setWeights(w, b, params.get("network.7.weight"), params.get("network.7.bias"));
        if (core != null) {
            pushCore();
        }
    }

    private void pushCore() {
        core.setWeights(params.get("lstm.weight_ih_l0"), params.get("lstm.weight_hh_l0"), params.get("lstm.bias_ih_l0"),
                params.get("lstm.bias_hh_l0"), params.get("actor.weight"), params.get("actor.bias"), params.get("critic.weight"),
                params.get("critic.bias")[0]);
    }

    @Override
    public void close() {
        workers.close();
    }
}
