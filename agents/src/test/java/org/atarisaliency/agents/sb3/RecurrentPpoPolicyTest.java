package org.atarisaliency.agents.sb3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sb3-contrib RecurrentPPO (CnnLstmPolicy: separate critic LSTM, shared LSTM, critic without LSTM with
 * net_arch, separate feature extractors) and CleanRL ppo_atari_lstm agents made at test time by the real
 * libraries (agents/src/test/python/recurrent_agents.py, which imports CleanRL's own Agent class), played by
 * them over whole seeded Breakout episodes: our loaded policy, fed the same observations with its LSTM state
 * carried from step to step and zeroed where the library's episode_start / done says so, must give their
 * logits, log-probabilities, values and LSTM states (h, c and the critic's) to 1e-5 at every step, across
 * the episode start, and the same {@code predict(deterministic=True)} actions. Where the memory resets at a lost
 * life follows the format and, for a zip, RL Zoo's config.yml beside it.
 *
 * <p>Needs Debian's /usr/bin/python3 with PYTHONPATH=.deps/sb3 (see {@link Sb3PolicyTest}); skipped where
 * that is missing, failed instead with -Datari.sb3.required=true.
 */
class RecurrentPpoPolicyTest {
    private static final double TOL = 1e-5;
    private static final int ACTIONS = 4; // Breakout
    private static Path dir;

    @BeforeAll
    static void makeAgents() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, sb3_contrib, ale_py, cv2, cleanrl");
        dir = Files.createTempDirectory("recurrent-agents");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/recurrent_agents.py").toString(), dir.toString());
        assertEquals(0, r.exit(), "recurrent_agents.py failed:\n" + r.out());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Sb3Python.delete(dir);
    }

    @Test
    void recurrentPpoWithCriticLstm() throws Exception {
        RecurrentPpoPolicy p = play("rppo", "rppo.zip");
        assertEquals(RecurrentPpoPolicy.Critic.OWN_LSTM, p.critic());
        assertEquals(List.of("h", "c", "critic_h", "critic_c"), p.stateNames());
        assertEquals(256, p.stateSize());
        assertTrue(p.describe().startsWith("SB3 RecurrentPPO 2.4.1 CnnLstmPolicy (NatureCNN 1x84x84"), p.describe());
    }

    @Test
    void recurrentPpoWithSharedLstm() throws Exception {
        RecurrentPpoPolicy p = play("rppo_shared", "rppo_shared.zip");
        assertEquals(RecurrentPpoPolicy.Critic.ACTOR_LSTM, p.critic());
        assertEquals(List.of("h", "c"), p.stateNames());
    }

    @Test
    void recurrentPpoWithLinearCriticAndMlpHeads() throws Exception {
        RecurrentPpoPolicy p = play("rppo_linear", "rppo_linear.zip");
        assertEquals(RecurrentPpoPolicy.Critic.LINEAR, p.critic());
        assertEquals(64, p.stateSize());
        assertTrue(p.describe().contains("mlp 1/1 hidden tanh"), p.describe());
    }

    @Test
    void recurrentPpoWithSeparateExtractors() throws Exception {
        RecurrentPpoPolicy p = play("rppo_sep", "rppo_sep.zip");
        assertTrue(p.separateCriticTrunk() && p.critic() == RecurrentPpoPolicy.Critic.OWN_LSTM, p.describe());
    }

    @Test
    void recurrentPpoOverAFrameStackAsRlZooTrainsIt() throws Exception {
        // hyperparams/ppo_lstm.yml: frame_stack 4, so the memory is the 3 previous frames as well as the LSTM state
        RecurrentPpoPolicy p = play("rppo_zoo", "rppo_zoo.zip");
        assertEquals(4, p.historyLength());
        assertEquals(List.of("frames", "h", "c", "critic_h", "critic_c"), p.stateNames());
        assertEquals(List.of(3 * 84 * 84, 256, 256, 256, 256), p.stateSizes());
        assertEquals(256, p.lstmUnits());
        assertTrue(p.describe().contains("NatureCNN 4x84x84"), p.describe());
    }

    @Test
    void rlZooConfigBesideTheZipSaysWhereTheMemoryResets(@TempDir Path tmp) throws Exception {
        String config = Files.readString(dir.resolve("rppo_zoo.config.yml")); // as the zoo wrote it: terminal_on_life_loss: false
        // the Hugging Face layout: config.yml beside the zip
        Path hf = Files.createDirectories(tmp.resolve("hf"));
        Files.copy(dir.resolve("rppo_zoo.zip"), hf.resolve("ppo_lstm-BreakoutNoFrameskip-v4.zip"));
        Files.writeString(hf.resolve("config.yml"), config);
        assertReset(hf.resolve("ppo_lstm-BreakoutNoFrameskip-v4.zip"), false, "env_wrapper does not end an episode at a lost life in "
                + hf.resolve("config.yml"));
        // the zoo's own layout: <env>.zip beside <env>/config.yml; the wrapper's default (terminal_on_life_loss True)
        Path zoo = Files.createDirectories(tmp.resolve("ppo_lstm/BreakoutNoFrameskip-v4_1/BreakoutNoFrameskip-v4"));
        Files.copy(dir.resolve("rppo_zoo.zip"), zoo.resolveSibling("BreakoutNoFrameskip-v4.zip"));
        Files.writeString(zoo.resolve("config.yml"), config.replace("- - stable_baselines3.common.atari_wrappers.AtariWrapper:\n"
                + "          terminal_on_life_loss: false", "- stable_baselines3.common.atari_wrappers.AtariWrapper"));
        assertReset(zoo.resolveSibling("BreakoutNoFrameskip-v4.zip"), true, "env_wrapper ends an episode at a lost life in "
                + zoo.resolve("config.yml"));
        // explicitly true
        Files.writeString(hf.resolve("config.yml"), config.replace("terminal_on_life_loss: false", "terminal_on_life_loss: true"));
        assertReset(hf.resolve("ppo_lstm-BreakoutNoFrameskip-v4.zip"), true, "env_wrapper ends");
        // nothing but plain values: a Python object in the file is refused, naming it
        Files.writeString(hf.resolve("config.yml"), config.replace("- - - batch_size\n    - 256",
                "- - - batch_size\n    - !!python/object/apply:os.system [echo]"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Agents.loadPolicy(hf.resolve("ppo_lstm-BreakoutNoFrameskip-v4.zip"), ACTIONS));
        assertTrue(e.getMessage().startsWith(hf.resolve("config.yml") + ": not an RL Zoo config.yml (") && e.getMessage().endsWith("; fix or remove it")
                && !e.getMessage().contains("\n"), e.getMessage());
    }

    private static void assertReset(Path zip, boolean onLifeLoss, String source) throws Exception {
        try (RecurrentPpoPolicy p = (RecurrentPpoPolicy) Agents.loadPolicy(zip, ACTIONS)) {
            assertEquals(onLifeLoss, p.memoryResetsOnLifeLoss(), p.describe());
            assertTrue(p.memoryReset().source().startsWith(source), p.memoryReset().source());
            assertTrue(p.describe().endsWith(p.memoryReset().describe()), p.describe());
        }
    }

    @Test
    void cleanRlPpoAtariLstm() throws Exception {
        RecurrentPpoPolicy p = play("cleanrl_lstm", "cleanrl_lstm.cleanrl_model");
        assertEquals(RecurrentPpoPolicy.Critic.ACTOR_LSTM, p.critic());
        assertEquals(128, p.stateSize());
        assertTrue(p.describe().startsWith("CleanRL ppo_atari_lstm"), p.describe());
    }

    @Test
    void cleanRlPreprocessingIsResizeThenGrey() throws Exception {
        // ppo_atari_lstm's gym ResizeObservation(84, 84) then GrayScaleObservation, byte for byte
        try (RecurrentPpoPolicy p = (RecurrentPpoPolicy) Agents.loadPolicy(dir.resolve("cleanrl_lstm.cleanrl_model"), ACTIONS)) {
            Npy.Array rgb = Npy.read(dir.resolve("cleanrl_lstm.rgb.npy"));
            byte[] screens = rgb.bytes();
            float[] obs = Npy.read(dir.resolve("cleanrl_lstm.obs.npy")).floats();
            int screen = 210 * 160 * 3;
            int fs = 84 * 84;
            for (int t = 0; t < rgb.shape()[0]; t++) {
                float[] ours = new float[fs];
                p.preprocessor().apply(Arrays.copyOfRange(screens, t * screen, (t + 1) * screen), ours, 0);
                assertTrue(Arrays.equals(Arrays.copyOfRange(obs, t * fs, (t + 1) * fs), ours), "observation " + t);
            }
        }
    }

    /** Plays the library's recorded episodes through our policy and compares every step; returns the (closed) policy. */
    private static RecurrentPpoPolicy play(String kind, String file) throws Exception {
        float[] obs = read(kind, "obs");
        int[] starts = Npy.read(dir.resolve(kind + ".starts.npy")).ints();
        int[] actions = Npy.read(dir.resolve(kind + ".actions.npy")).ints();
        float[] logits = read(kind, "logits");
        float[] logprobs = read(kind, "logprobs");
        float[] values = read(kind, "values");
        int steps = starts.length;
        assertTrue(Arrays.stream(starts, 1, steps).anyMatch(s -> s == 1), kind + ": the recording has no episode start after its first step");
        RecurrentPpoPolicy p = assertInstanceOf(RecurrentPpoPolicy.class, Agents.loadPolicy(dir.resolve(file), ACTIONS));
        try (p) {
            assertEquals(ACTIONS, p.actionCount());
            // without RL Zoo's config.yml beside it, an SB3 zip keeps its memory over lost lives (the zoo's
            // terminal_on_life_loss: False); CleanRL's ppo_atari_lstm always trains with EpisodicLifeEnv
            boolean cleanRl = file.endsWith(".cleanrl_model");
            assertEquals(cleanRl, p.memoryResetsOnLifeLoss(), p.describe());
            assertTrue(p.describe().endsWith(cleanRl ? "memory reset at each lost life (ppo_atari_lstm's EpisodicLifeEnv)"
                    : "memory reset only at game over (RL Zoo's ppo_lstm setting terminal_on_life_loss: False; no config.yml beside the zip)"),
                    p.describe());
            List<String> names = p.stateNames();
            float[][] expected = new float[names.size()][];
            for (int k = 0; k < names.size(); k++) {
                expected[k] = read(kind, names.get(k));
            }
            int fs = 84 * 84;
            List<Integer> sizes = p.stateSizes();
            RecurrentState state = p.initialState(1);
            for (int t = 0; t < steps; t++) {
                if (starts[t] == 1) {
                    state.zeroRow(0);
                }
                String at = kind + " step " + t + (starts[t] == 1 ? " (episode start)" : "");
                PolicyOutput o = p.forward(Arrays.copyOfRange(obs, t * fs, (t + 1) * fs), state);
                assertClose(Arrays.copyOfRange(logits, t * ACTIONS, (t + 1) * ACTIONS), o.logits(), at + " logits");
                double[] lp = o.logProbabilities(0);
                for (int a = 0; a < ACTIONS; a++) {
                    assertEquals(logprobs[t * ACTIONS + a], lp[a], TOL * Math.max(1, Math.abs(logprobs[t * ACTIONS + a])), at + " log-prob " + a);
                }
                assertClose(new float[] {values[t]}, o.values(), at + " value");
                assertEquals(actions[t], o.greedyAction(0), at + " predict(deterministic=True) action");
                for (int k = 0; k < names.size(); k++) {
                    int size = sizes.get(k);
                    assertClose(Arrays.copyOfRange(expected[k], t * size, (t + 1) * size), o.next().part(names.get(k)), at + " state " + names.get(k));
                }
                state = o.next();
            }
        }
        return p;
    }

    private static float[] read(String kind, String name) throws IOException {
        return Npy.read(dir.resolve(kind + "." + name + ".npy")).floats();
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOL * Math.max(1.0, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
