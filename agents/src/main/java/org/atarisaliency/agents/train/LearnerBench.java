package org.atarisaliency.agents.train;

import java.util.Random;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;

/** Times {@link A2cLearner} updates on a synthetic batch of real-sized observations. */
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

    /**
     * A batch of N x T steps for network {@code w}: blocky frames with sharp edges like Atari
     * screens (values in [0, 1]), random actions, sparse +-1 rewards, about one episode end in 50
     * steps, and a random start state.
     */
    public static Batch syntheticBatch(ActorCriticWeights w, int envs, int steps, long seed) {
        Random r = new Random(seed);
        int s = w.inputSize(), per = w.inputChannels() * s * s;
        float[] obs = new float[(steps + 1) * envs * per];
        for (int k = 0; k < (steps + 1) * envs; k++) {
            int bx = 3 + r.nextInt(6), by = 3 + r.nextInt(6), shift = r.nextInt(5);
            for (int i = 0; i < per; i++) {
                int y = (i % (s * s)) / s, x = i % s;
                obs[k * per + i] = ((y / by + x / bx + shift) % 4) / 3f * (y > 8 && y < 72 ? 1f : 0.25f);
            }
        }
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
