package org.atarisaliency.agents.train;

import java.util.Random;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;

/** Times {@link A2cLearner} updates and {@link PpoLearner} update epochs on synthetic batches of real-sized observations. */
public final class LearnerBench {
    private LearnerBench() {
    }

    /**
     * Learner samples per second (N*T per update) over {@code timed} updates of N x T after
     * {@code warmup} untimed ones (the JIT compiles the loops during the first few), on a network
     * with PyTorch's default initialisation and {@link A2cConfig#defaults()}.
     */
    public static double samplesPerSecond(RecurrentCell cell, int actions, int envs, int steps, int threads, int warmup, int timed) {
        if (timed <= 0 || warmup < 0) {
            throw new IllegalArgumentException("need timed updates > 0 and warmup >= 0");
        }
        ActorCriticWeights w = Init.pytorchDefault(cell, actions, 1);
        Batch batch = syntheticBatch(w, envs, steps, 2);
        try (A2cLearner learner = new A2cLearner(w, A2cConfig.defaults(), threads)) {
            for (int i = 0; i < warmup; i++) {
                learner.update(batch);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < timed; i++) {
                learner.update(batch);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return (double) envs * steps * timed / seconds;
        }
    }

    /** {@code count} observations of {@code channels} x side x side blocky frames with sharp edges like Atari screens, values in [0, 1]. */
    static float[] blockyFrames(Random r, int count, int channels, int s) {
        int per = channels * s * s;
        float[] obs = new float[count * per];
        for (int k = 0; k < count; k++) {
            int bx = 3 + r.nextInt(6), by = 3 + r.nextInt(6), shift = r.nextInt(5);
            for (int i = 0; i < per; i++) {
                int y = (i % (s * s)) / s, x = i % s;
                obs[k * per + i] = ((y / by + x / bx + shift) % 4) / 3f * (y > s / 10 && y < s * 9 / 10 ? 1f : 0.25f);
            }
        }
        return obs;
    }

    /**
     * PPO learner samples per second: the samples of one update epoch (N*T, in
     * {@link PpoConfig#minibatches()} minibatch steps) over {@code timed} epochs after
     * {@code warmup} untimed ones, on CleanRL's network {@code arch} (small random weights) and
     * {@link PpoConfig#defaults()}, for a synthetic rollout of N x T steps.
     */
    public static double ppoSamplesPerSecond(PpoArch arch, int actions, int envs, int steps, int threads, int warmup, int timed) {
        if (timed <= 0 || warmup < 0) {
            throw new IllegalArgumentException("need timed epochs > 0 and warmup >= 0");
        }
        Random r = new Random(3);
        java.util.Map<String, float[]> w = new java.util.LinkedHashMap<>();
        arch.shapes(actions).forEach((name, shape) -> {
            float[] t = new float[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) (r.nextGaussian() * 0.02);
            }
            w.put(name, t);
        });
        int b = envs * steps, per = arch.frames * NatureTrunk.SIDE * NatureTrunk.SIDE;
        int[] acts = new int[b];
        float[] logp = new float[b], values = new float[b], rewards = new float[b];
        boolean[] starts = new boolean[b];
        for (int i = 0; i < b; i++) {
            acts[i] = r.nextInt(actions);
            logp[i] = (float) -Math.log(actions);
            rewards[i] = r.nextInt(20) == 0 ? 1f : 0f;
            starts[i] = r.nextInt(100) == 0;
        }
        RecurrentState start = arch == PpoArch.LSTM ? RecurrentState.zeros(envs, arch.stateNames(), arch.hidden) : null;
        PpoRollout rollout = new PpoRollout(envs, steps, per, blockyFrames(r, b, arch.frames, NatureTrunk.SIDE), acts, logp, values, rewards,
                starts, new float[envs], new boolean[envs], start);
        PpoConfig one = PpoConfig.defaults();
        PpoConfig cfg = new PpoConfig(one.gamma(), one.gaeLambda(), one.learningRate(), one.annealLr(), 1, one.minibatches(), one.clipCoef(),
                one.clipValueLoss(), one.normAdvantages(), one.entropyCoef(), one.valueCoef(), one.maxGradNorm(), one.adamEps());
        org.atarisaliency.env.SplitMix rng = new org.atarisaliency.env.SplitMix(1);
        try (PpoLearner learner = new PpoLearner(arch, w, cfg, threads)) {
            for (int i = 0; i < warmup; i++) {
                learner.update(rollout, cfg.learningRate(), rng);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < timed; i++) {
                learner.update(rollout, cfg.learningRate(), rng);
            }
            return (double) b * timed / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * A batch of N x T steps for network {@code w}: blocky frames with sharp edges like Atari
     * screens (values in [0, 1]), random actions, sparse +-1 rewards, about one episode end in 50
     * steps, and a random start state.
     */
    public static Batch syntheticBatch(ActorCriticWeights w, int envs, int steps, long seed) {
        Random r = new Random(seed);
        int s = w.inputSize(), per = w.inputChannels() * s * s;
        float[] obs = blockyFrames(r, (steps + 1) * envs, w.inputChannels(), s);
        int[] actions = new int[steps * envs];
        float[] rewards = new float[steps * envs];
        boolean[] dones = new boolean[steps * envs];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = r.nextInt(w.actions());
            rewards[i] = r.nextInt(20) == 0 ? (r.nextBoolean() ? 1f : -1f) : 0f;
            dones[i] = r.nextInt(50) == 0;
        }
        RecurrentState start = RecurrentState.zeros(envs, w.cell().stateNames(), w.hidden());
        for (float[] part : start.parts()) {
            for (int i = 0; i < part.length; i++) {
                part[i] = (float) Math.tanh(r.nextGaussian() * 0.5);
            }
        }
        return new Batch(envs, steps, per, obs, actions, rewards, dones, start);
    }
}
