package org.atarisaliency.agents.rl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RL4J-style networks saved with ModelSerializer and loaded through {@link Agents#loadPolicy}: shapes,
 * outputs against DL4J's own forward pass on the stacked input, and the frame stack as memory.
 */
class Rl4jPolicyTest {

    static final int K = 4;
    static final int S = 84;
    static final int A = 6;
    static final int FS = S * S;

    @TempDir
    static Path tmp;

    static MultiLayerNetwork dqn;
    static ComputationGraph ac;
    static Path dqnZip;
    static Path acZip;

    @BeforeAll
    static void save() throws Exception {
        dqn = Rl4jNets.dqn(K, S, A, 123);
        ac = Rl4jNets.actorCritic(K, S, A, 456);
        // larger weights in the policy head, so that the softmax is far from uniform
        ac.getLayer("softmax").getParam("W").muli(20);
        dqnZip = Rl4jNets.save(dqn, tmp.resolve("dqn.zip"));
        // as RL4J saves it: the policy head's loss is rl4j's ActorCriticLoss, absent from our class path
        acZip = Rl4jNets.withRl4jLoss(Rl4jNets.save(ac, tmp.resolve("ac-plain.zip")), tmp.resolve("ac.zip"));
    }

    static float[] randomFrames(SplittableRandom r, int count) {
        float[] f = new float[count * FS];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextDouble();
        }
        return f;
    }

    /** [N, K, S, S] with agent i's stack = stacks[i][0..K-1] (oldest first), each a frame of FS floats. */
    static INDArray stacked(float[][][] stacks) {
        int n = stacks.length;
        float[] flat = new float[n * K * FS];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < K; j++) {
                System.arraycopy(stacks[i][j], 0, flat, (i * K + j) * FS, FS);
            }
        }
        return Nd4j.create(flat, new long[] {n, K, S, S}, DataType.FLOAT);
    }

    static float[] frame(float[] frames, int index) {
        return Arrays.copyOfRange(frames, index * FS, (index + 1) * FS);
    }

    /** The state part for agent stacks: frames 0..K-2 of each stack. */
    static RecurrentState state(float[][][] stacks) {
        int n = stacks.length;
        float[] part = new float[n * (K - 1) * FS];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < K - 1; j++) {
                System.arraycopy(stacks[i][j], 0, part, (i * (K - 1) + j) * FS, FS);
            }
        }
        return new RecurrentState(n, List.of(Rl4jPolicy.FRAMES), List.of(part));
    }

    static float[] newest(float[][][] stacks) {
        float[] obs = new float[stacks.length * FS];
        for (int i = 0; i < stacks.length; i++) {
            System.arraycopy(stacks[i][K - 1], 0, obs, i * FS, FS);
        }
        return obs;
    }

    static float[][][] randomStacks(SplittableRandom r, int n) {
        float[][][] s = new float[n][K][];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < K; j++) {
                s[i][j] = randomFrames(r, 1);
            }
        }
        return s;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void dqnShapes() throws Exception {
        try (Policy p = Agents.loadPolicy(dqnZip, A)) {
            Rl4jPolicy r = assertInstanceOf(Rl4jPolicy.class, p);
            assertEquals(Rl4jPolicy.Kind.DQN, r.kind());
            assertEquals(A, p.actionCount());
            assertEquals(S, p.inputSize());
            assertEquals(1, p.inputChannels());
            assertEquals(List.of("frames"), p.stateNames());
            assertEquals((K - 1) * FS, p.stateSize());
            assertEquals(K, r.historyLength());
            assertEquals(K - 1, r.warmupSteps());
            assertEquals(HistoryConfig.ALE_EXAMPLES, r.historyConfig());
            assertEquals(1, p.preprocessor().channels());
            assertEquals(S, p.preprocessor().size());
            assertEquals("RL4J DQN (conv 8x8/4 x16, conv 4x4/2 x32, dense 256; 4x84x84 frame stack, 6 actions)",
                    p.describe());
            RecurrentState zero = p.initialState(3);
            assertEquals(3 * (K - 1) * FS, zero.part("frames").length);
        }
    }

    @Test
    void dqnForwardEqualsNetworkOnStackedInput() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        float[][][] stacks = randomStacks(r, 3);
        INDArray expected = dqn.output(stacked(stacks), false);
        float[] q = expected.ravel().toFloatVector();
        try (Policy p = Agents.loadPolicy(dqnZip, -1)) {
            PolicyOutput out = p.forward(newest(stacks), state(stacks));
            assertEquals(3, out.batch());
            assertEquals(A, out.actions());
            assertEquals(3 * A, out.logits().length);
            assertEquals(3, out.values().length);
            assertTrue(maxAbsDiff(q, out.logits()) <= 1e-6f, "Q-values differ by " + maxAbsDiff(q, out.logits()));
            for (int i = 0; i < 3; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int a = 0; a < A; a++) {
                    max = Math.max(max, q[i * A + a]);
                }
                assertEquals(max, out.values()[i], 1e-6f);
                assertEquals(Nd4j.argMax(expected.getRow(i)).getInt(0), out.greedyAction(i));
            }
            // the test can fail: the newest-first order gives clearly different Q-values
            float[][][] reversed = new float[3][K][];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < K; j++) {
                    reversed[i][j] = stacks[i][K - 1 - j];
                }
            }
            float[] qReversed = dqn.output(stacked(reversed), false).ravel().toFloatVector();
            assertTrue(maxAbsDiff(q, qReversed) > 1e-3f, "frame order should matter: " + maxAbsDiff(q, qReversed));
        }
    }

    @Test
    void actorCriticShapesAndForward() throws Exception {
        SplittableRandom r = new SplittableRandom(2);
        float[][][] stacks = randomStacks(r, 2);
        INDArray[] expected = ac.output(false, stacked(stacks));
        float[] value = expected[0].ravel().toFloatVector();
        float[] probs = expected[1].ravel().toFloatVector();
        try (Policy p = Agents.loadPolicy(acZip, A)) {
            Rl4jPolicy rp = assertInstanceOf(Rl4jPolicy.class, p);
            assertEquals(Rl4jPolicy.Kind.ACTOR_CRITIC, rp.kind());
            assertEquals(A, p.actionCount());
            assertEquals(S, p.inputSize());
            assertEquals((K - 1) * FS, p.stateSize());
            assertEquals("RL4J actor-critic (conv 8x8/4 x16, conv 4x4/2 x32, dense 256; 4x84x84 frame stack,"
                    + " 6 actions)", p.describe());
            PolicyOutput out = p.forward(newest(stacks), state(stacks));
            assertEquals(value.length, out.values().length);
            assertTrue(maxAbsDiff(value, out.values()) <= 1e-6f, "values differ by " + maxAbsDiff(value, out.values()));
            float[] logp = new float[probs.length];
            for (int i = 0; i < probs.length; i++) {
                logp[i] = (float) Math.log(probs[i]);
            }
            assertTrue(maxAbsDiff(logp, out.logits()) <= 1e-6f, "log-probabilities differ by " + maxAbsDiff(logp, out.logits()));
            float maxP = 0;
            for (int i = 0; i < 2; i++) {
                double[] pr = out.probabilities(i);
                for (int a = 0; a < A; a++) {
                    assertEquals(probs[i * A + a], pr[a], 1e-6);
                    maxP = Math.max(maxP, probs[i * A + a]);
                }
            }
            assertTrue(maxP > 0.5f, "the softmax should be far from uniform here, max p = " + maxP);
        }
    }

    @Test
    void rl4jLossClassIsReallyMissing() {
        // what the loader works around: DL4J's own reader cannot parse an RL4J actor-critic zip
        assertThrows(Exception.class, () -> ModelSerializer.restoreComputationGraph(acZip.toFile(), false));
    }

    /** (c): six steps from the zero state; each forward must equal the network on the manual stack. */
    @Test
    void frameStackShiftsOverSixSteps() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int n = 2;
        int steps = 6;
        float[][][] frames = new float[steps][n][];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < n; i++) {
                frames[t][i] = randomFrames(r, 1);
            }
        }
        float[] black = new float[FS];
        try (Policy dq = Agents.loadPolicy(dqnZip, A); Policy acp = Agents.loadPolicy(acZip, A)) {
            RecurrentState sd = dq.initialState(n);
            RecurrentState sa = acp.initialState(n);
            for (int t = 0; t < steps; t++) {
                float[][][] stacks = new float[n][K][];
                float[] obs = new float[n * FS];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < K; j++) {
                        int src = t - (K - 1) + j; // oldest first
                        stacks[i][j] = src >= 0 ? frames[src][i] : black;
                    }
                    System.arraycopy(frames[t][i], 0, obs, i * FS, FS);
                }
                INDArray x = stacked(stacks);
                PolicyOutput od = dq.forward(obs, sd);
                float[] q = dqn.output(x, false).ravel().toFloatVector();
                assertTrue(maxAbsDiff(q, od.logits()) <= 1e-6f, "DQN step " + t + ": " + maxAbsDiff(q, od.logits()));
                PolicyOutput oa = acp.forward(obs, sa);
                INDArray[] e = ac.output(false, x);
                assertTrue(maxAbsDiff(e[0].ravel().toFloatVector(), oa.values()) <= 1e-6f, "AC value, step " + t);
                float[] pr = e[1].ravel().toFloatVector();
                for (int i = 0; i < n; i++) {
                    double[] got = oa.probabilities(i);
                    for (int a = 0; a < A; a++) {
                        assertEquals(pr[i * A + a], got[a], 1e-6, "AC policy, step " + t);
                    }
                }
                // the next state is the last K-1 frames, oldest first; the input state is untouched
                float[] next = od.next().part("frames");
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < K - 1; j++) {
                        assertArrayEquals(stacks[i][j + 1], Arrays.copyOfRange(next, (i * (K - 1) + j) * FS,
                                (i * (K - 1) + j + 1) * FS), "state frame " + j + " of agent " + i + " after step " + t);
                    }
                }
                assertArrayEquals(next, oa.next().part("frames"));
                if (t == 0) {
                    assertTrue(maxAbsDiff(sd.part("frames"), new float[n * (K - 1) * FS]) == 0f, "input state modified");
                }
                sd = od.next();
                sa = oa.next();
            }
        }
    }

    @Test
    void repeatedFirstFrameState() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        float[] first = randomFrames(r, 2);
        try (Rl4jPolicy p = Rl4jPolicy.load(dqnZip)) {
            RecurrentState s = p.stateRepeating(first);
            PolicyOutput out = p.forward(first, s);
            float[][][] stacks = new float[2][K][];
            for (int i = 0; i < 2; i++) {
                Arrays.fill(stacks[i], frame(first, i));
            }
            assertTrue(maxAbsDiff(dqn.output(stacked(stacks), false).ravel().toFloatVector(), out.logits()) <= 1e-6f);
            // batches of other sizes on the same policy (buffers per batch size)
            PolicyOutput one = p.forward(frame(first, 1), s.row(1));
            assertTrue(maxAbsDiff(Arrays.copyOfRange(out.logits(), A, 2 * A), one.logits()) <= 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> p.forward(new float[FS], s));
        }
    }

    @Test
    void explicitSideForNetsTrainedOnOtherSizes() throws Exception {
        // 4x42x42 gives a 3x3 conv output, as do 36..43: the inferred side is the smallest, 36
        MultiLayerNetwork small = Rl4jNets.dqn(2, 42, 3, 7);
        Path zip = Rl4jNets.save(small, tmp.resolve("small.zip"));
        try (Rl4jPolicy inferred = Rl4jPolicy.load(zip)) {
            assertEquals(36, inferred.inputSize());
            assertEquals(2, inferred.historyLength());
            assertEquals(List.of("frames"), inferred.stateNames());
        }
        try (Rl4jPolicy p = Rl4jPolicy.load(zip, 42, null)) {
            assertEquals(42, p.inputSize());
            assertEquals(HistoryConfig.rescaleOnly(42), p.historyConfig());
            SplittableRandom r = new SplittableRandom(5);
            float[] prev = new float[42 * 42];
            float[] obs = new float[42 * 42];
            for (int i = 0; i < obs.length; i++) {
                prev[i] = (float) r.nextDouble();
                obs[i] = (float) r.nextDouble();
            }
            float[] both = new float[2 * 42 * 42];
            System.arraycopy(prev, 0, both, 0, prev.length);
            System.arraycopy(obs, 0, both, prev.length, obs.length);
            float[] q = small.output(Nd4j.create(both, new long[] {1, 2, 42, 42}, DataType.FLOAT), false).ravel().toFloatVector();
            PolicyOutput out = p.forward(obs, new RecurrentState(1, List.of("frames"), List.of(prev)));
            assertTrue(maxAbsDiff(q, out.logits()) <= 1e-6f);
            assertArrayEquals(obs, out.next().part("frames"));
        }
        IncompatibleAgentException e = assertThrows(IncompatibleAgentException.class, () -> Rl4jPolicy.load(zip, 20, null));
        assertTrue(e.getMessage().contains("cannot take 20x20 frames"), e.getMessage());
    }

    @Test
    void doubleNetworkAndInMemoryWrapping() throws Exception {
        MultiLayerNetwork d = Rl4jNets.dqn(K, S, A, 10, DataType.DOUBLE);
        Path zip = Rl4jNets.save(d, tmp.resolve("double.zip"));
        SplittableRandom r = new SplittableRandom(6);
        float[][][] stacks = randomStacks(r, 2);
        float[] q = d.output(stacked(stacks).castTo(DataType.DOUBLE), false).castTo(DataType.FLOAT).ravel().toFloatVector();
        try (Policy p = Agents.loadPolicy(zip, A)) {
            assertTrue(maxAbsDiff(q, p.forward(newest(stacks), state(stacks)).logits()) <= 1e-6f);
        }
        // wrapping a network in memory: same outputs, and close() leaves the caller's network usable
        try (Rl4jPolicy p = Rl4jPolicy.of(dqn)) {
            float[] expected = dqn.output(stacked(stacks), false).ravel().toFloatVector();
            assertTrue(maxAbsDiff(expected, p.forward(newest(stacks), state(stacks)).logits()) <= 1e-6f);
        }
        assertEquals(A, dqn.output(stacked(stacks), false).size(1));
    }

    @Test
    void unsupportedNetworksAreOneLineErrors() throws Exception {
        Path dense = Rl4jNets.save(Rl4jNets.denseDqn(128, A, 8), tmp.resolve("ram.zip"));
        IncompatibleAgentException e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(dense, A));
        assertOneLine(e.getMessage(), dense);
        assertTrue(e.getMessage().contains("flat input of 128 features"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: RL4J's convolutional nets"), e.getMessage());

        Path lstm = Rl4jNets.save(Rl4jNets.actorCriticLstm(K, S, A, 9), tmp.resolve("lstm.zip"));
        e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(lstm, A));
        assertOneLine(e.getMessage(), lstm);
        assertTrue(e.getMessage().contains("recurrent"), e.getMessage());

        e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(dqnZip, 4));
        assertEquals("dqn.zip has 6 actions but the game has 4; pass the game this agent was trained on", e.getMessage());
    }

    static void assertOneLine(String message, Path file) {
        assertFalse(message == null || message.isBlank(), "empty message");
        assertFalse(message.contains("\n") || message.contains("\r"), "not one line: " + message);
        assertTrue(message.contains(file.getFileName().toString()), "does not name the file: " + message);
        assertTrue(message.length() < 500, "too long: " + message);
    }
}
