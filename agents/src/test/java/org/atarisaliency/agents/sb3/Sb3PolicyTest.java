package org.atarisaliency.agents.sb3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stable-Baselines3 / sb3-contrib and CleanRL agents made at test time by the real libraries
 * (agents/src/test/python/sb3_agents.py: tiny DQN, QR-DQN, A2C, PPO, PPO with separate
 * extractors, DQN and PPO with net_arch hidden layers (Tanh, ReLU) and normalize_images=False, trained a few steps on PongNoFrameskip-v4, saved with {@code model.save}; CleanRL's
 * dqn_atari / c51_atari / ppo_atari networks rebuilt and {@code torch.save}d) must give, on the
 * same observation stacks, the libraries' own Q-values / logits / values to 1e-5, the same
 * {@code predict(obs, deterministic=True)} actions, and the same outputs when fed one frame at
 * a time through the frame-stack state from SB3's zero-filled reset.
 *
 * <p>Runs Debian's /usr/bin/python3 (python3-torch) with PYTHONPATH=.deps/sb3, made (as run-tests makes it) by
 * <pre>
 * /usr/bin/python3 -m pip install --target .deps/sb3 --no-deps -r agents/src/test/python/sb3-torch-requirements.txt
 * </pre>
 * Skipped (not failed) where that Python cannot import torch and stable_baselines3.
 */
class Sb3PolicyTest {
    private static final int ACTIONS = 6; // Pong
    private static Path dir;

    @BeforeAll
    static void makeAgents() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, sb3_contrib, ale_py, PIL");
        dir = Files.createTempDirectory("sb3-agents");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/sb3_agents.py").toString(), dir.toString());
        assertEquals(0, r.exit(), "sb3_agents.py failed:\n" + r.out());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Sb3Python.delete(dir);
    }

    @Test
    void sb3DqnMatchesQNet() throws Exception {
        NatureCnnPolicy p = check("dqn", "dqn.zip", NatureCnnPolicy.Head.Q);
        assertTrue(p.describe().startsWith("SB3 DQN 2.4.1 CnnPolicy"), p.describe());
    }

    @Test
    void sb3QrDqnMatchesQuantileMean() throws Exception {
        NatureCnnPolicy p = check("qrdqn", "qrdqn.zip", NatureCnnPolicy.Head.QUANTILE);
        assertEquals(7, p.bins());
    }

    @Test
    void sb3A2cMatchesActionAndValueNets() throws Exception {
        NatureCnnPolicy p = check("a2c", "a2c.zip", NatureCnnPolicy.Head.ACTOR_CRITIC);
        assertTrue(p.describe().startsWith("SB3 A2C"), p.describe());
    }

    @Test
    void sb3PpoMatchesActionAndValueNets() throws Exception {
        NatureCnnPolicy p = check("ppo", "ppo.zip", NatureCnnPolicy.Head.ACTOR_CRITIC);
        assertTrue(p.describe().startsWith("SB3 PPO") && !p.separateCritic(), p.describe());
    }

    @Test
    void sb3PpoWithSeparateExtractorsMatches() throws Exception {
        NatureCnnPolicy p = check("ppo_sep", "ppo_sep.zip", NatureCnnPolicy.Head.ACTOR_CRITIC);
        assertTrue(p.separateCritic(), p.describe());
    }

    @Test
    void sb3DqnWithHiddenTanhLayersMatches() throws Exception {
        NatureCnnPolicy p = check("dqn_arch", "dqn_arch.zip", NatureCnnPolicy.Head.Q);
        assertTrue(p.describe().contains("2 hidden"), p.describe());
    }

    @Test
    void sb3PpoWithMlpHeadsAndRawPixelsMatches() throws Exception {
        // raw 0..255 inputs make the activations ~255x larger: torch's own float32 result is ~5e-6
        // (relative) off its float64 result there, so both float32 implementations agree to ~1e-5 only
        NatureCnnPolicy p = check("ppo_arch", "ppo_arch.zip", NatureCnnPolicy.Head.ACTOR_CRITIC, 5e-5);
        assertTrue(p.describe().contains("mlp 1/1 hidden relu") && p.describe().contains("normalize_images=False"), p.describe());
    }

    @Test
    void cleanRlDqnMatches() throws Exception {
        check("cleanrl_dqn", "cleanrl_dqn.cleanrl_model", NatureCnnPolicy.Head.Q);
    }

    @Test
    void cleanRlPpoMatches() throws Exception {
        check("cleanrl_ppo", "cleanrl_ppo.cleanrl_model", NatureCnnPolicy.Head.ACTOR_CRITIC);
    }

    @Test
    void cleanRlC51Matches() throws Exception {
        NatureCnnPolicy p = check("cleanrl_c51", "cleanrl_c51.cleanrl_model", NatureCnnPolicy.Head.CATEGORICAL);
        assertEquals(51, p.bins());
    }

    /** Loads through Agents.loadPolicy and compares with the library's outputs; returns the (closed) policy. */
    private static NatureCnnPolicy check(String kind, String file, NatureCnnPolicy.Head head) throws Exception {
        return check(kind, file, head, 1e-5);
    }

    /** As {@link #check(String, String, NatureCnnPolicy.Head)} with a relative tolerance (of max(1, |expected|)). */
    private static NatureCnnPolicy check(String kind, String file, NatureCnnPolicy.Head head, double tol) throws Exception {
        float[] obs = Npy.read(dir.resolve(kind + ".obs.npy")).floats();
        float[] logits = Npy.read(dir.resolve(kind + ".logits.npy")).floats();
        float[] values = Npy.read(dir.resolve(kind + ".values.npy")).floats();
        int[] actions = Npy.read(dir.resolve(kind + ".actions.npy")).ints();
        int n = values.length;
        Policy loaded = Agents.loadPolicy(dir.resolve(file), ACTIONS);
        NatureCnnPolicy p = assertInstanceOf(NatureCnnPolicy.class, loaded);
        try (p) {
            assertEquals(head, p.head());
            assertEquals(ACTIONS, p.actionCount());
            assertEquals(84, p.inputSize());
            assertEquals(1, p.inputChannels());
            assertEquals(List.of(NatureCnnPolicy.FRAMES), p.stateNames());
            assertEquals(3 * 84 * 84, p.stateSize());
            assertEquals(4, p.historyLength());
            assertEquals(n * 4 * 84 * 84, obs.length);

            // 1. the library's whole stacks
            PolicyOutput whole = p.forwardStacks(obs, n, RecurrentState.zeros(n, List.of(), 0));
            assertClose(logits, whole.logits(), kind + " logits/Q (whole stacks)", tol);
            assertClose(values, whole.values(), kind + " values (whole stacks)", tol);
            for (int i = 0; i < n; i++) {
                assertEquals(actions[i], whole.greedyAction(i), kind + " deterministic action of stack " + i);
            }
            if (head == NatureCnnPolicy.Head.ACTOR_CRITIC && Files.exists(dir.resolve(kind + ".logprobs.npy"))) {
                float[] logp = Npy.read(dir.resolve(kind + ".logprobs.npy")).floats();
                float[] ours = new float[logp.length];
                for (int i = 0; i < n; i++) {
                    double[] lp = whole.logProbabilities(i);
                    for (int a = 0; a < ACTIONS; a++) {
                        ours[i * ACTIONS + a] = (float) lp[a];
                    }
                }
                assertClose(logp, ours, kind + " Categorical log-probabilities", tol);
            }

            // 2. one frame at a time through the frame-stack state, from the zero state (VecFrameStack's reset)
            int fs = 84 * 84;
            RecurrentState state = p.initialState(1);
            for (int t = 0; t < n; t++) {
                float[] newest = Arrays.copyOfRange(obs, (t * 4 + 3) * fs, (t * 4 + 4) * fs);
                if (t == 0) {
                    float[] older = Arrays.copyOfRange(obs, 0, 3 * fs);
                    assertEquals(0f, max(older), "VecFrameStack starts with black frames");
                }
                PolicyOutput o = p.forward(newest, state);
                assertClose(Arrays.copyOfRange(logits, t * ACTIONS, (t + 1) * ACTIONS), o.logits(), kind + " logits at step " + t, tol);
                assertClose(new float[] {values[t]}, o.values(), kind + " value at step " + t, tol);
                float[] expectState = Arrays.copyOfRange(obs, (t * 4 + 1) * fs, (t * 4 + 4) * fs);
                assertTrue(Arrays.equals(expectState, o.next().part(NatureCnnPolicy.FRAMES)), kind + " state after step " + t);
                state = o.next();
            }
        }
        return p;
    }

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static void assertClose(float[] expected, float[] actual, String what, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1.0, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    @Test
    void stateRepeatingIsCleanRlsFrameStackStart() throws Exception {
        try (NatureCnnPolicy p = (NatureCnnPolicy) Agents.loadPolicy(dir.resolve("cleanrl_dqn.cleanrl_model"), -1, "cleanrl-dqn")) {
            float[] obs = Npy.read(dir.resolve("cleanrl_dqn.obs.npy")).floats();
            int fs = 84 * 84;
            float[] frame = Arrays.copyOfRange(obs, 3 * fs, 4 * fs);
            RecurrentState s = p.stateRepeating(frame);
            float[] stack = new float[4 * fs];
            for (int j = 0; j < 4; j++) {
                System.arraycopy(frame, 0, stack, j * fs, fs);
            }
            PolicyOutput viaState = p.forward(frame, s);
            PolicyOutput whole = p.forwardStacks(stack, 1, s);
            assertTrue(Arrays.equals(whole.logits(), viaState.logits()));
        }
    }

    @Test
    void unsupportedSb3AlgorithmsAreRefusedInOneLine() throws Exception {
        Path sac = withData("dqn.zip", "sac.zip", d -> d.replace("\"__module__\": \"stable_baselines3.dqn.policies\"",
                "\"__module__\": \"stable_baselines3.sac.policies\""));
        IncompatibleAgentException e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(sac, -1));
        assertTrue(e.getMessage().contains("SB3 SAC is not an Atari CNN policy"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());

        Path rec = withData("ppo.zip", "rec.zip", d -> d.replace("\"__module__\": \"stable_baselines3.common.policies\"",
                "\"__module__\": \"sb3_contrib.ppo_recurrent.policies\""));
        e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(rec, -1));
        assertTrue(e.getMessage().contains("RecurrentPPO"), e.getMessage());

        Path box = withData("ppo.zip", "box.zip", d -> d.replace("gymnasium.spaces.discrete.Discrete", "gymnasium.spaces.box.Box"));
        e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(box, -1));
        assertTrue(e.getMessage().contains("only Discrete actions"), e.getMessage());
    }

    @Test
    void wrongActionCountAndArchHintAreRefused() throws Exception {
        IncompatibleAgentException e = assertThrows(IncompatibleAgentException.class,
                () -> Agents.loadPolicy(dir.resolve("ppo.zip"), 18));
        assertTrue(e.getMessage().contains("has 6 actions but the game has 18"), e.getMessage());
        e = assertThrows(IncompatibleAgentException.class,
                () -> Agents.loadPolicy(dir.resolve("cleanrl_dqn.cleanrl_model"), -1, "cleanrl-ppo"));
        assertTrue(e.getMessage().contains("cleanrl-ppo"), e.getMessage());
        e = assertThrows(IncompatibleAgentException.class, () -> Agents.loadPolicy(dir.resolve("ppo.zip"), -1, "cleanrl-dqn"));
        assertTrue(e.getMessage().contains("Stable-Baselines3 zip"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Agents.loadPolicy(dir.resolve("ppo.zip"), -1, "sb4"));
    }

    /** A copy of an SB3 zip with its data JSON edited. */
    private static Path withData(String from, String to, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path out = dir.resolve(to);
        try (ZipFile in = new ZipFile(dir.resolve(from).toFile());
                ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] b;
                try (InputStream s = in.getInputStream(e)) {
                    b = s.readAllBytes();
                }
                if (e.getName().equals("data")) {
                    String d = new String(b, StandardCharsets.UTF_8);
                    String edited = edit.apply(d);
                    assertTrue(!edited.equals(d), "the edit changed nothing in " + from);
                    b = edited.getBytes(StandardCharsets.UTF_8);
                }
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(b);
                zo.closeEntry();
            }
        }
        return out;
    }
}
