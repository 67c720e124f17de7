package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One PPO minibatch step against CleanRL's loss code under PyTorch autograd and torch.optim.Adam
 * (float64; ppo_torch.py writes the problem: CleanRL's orthogonal init, a rollout with both
 * clipping branches active): CleanRL's GAE, the loss, every tensor's gradient, the gradient norm
 * and the weights after the step, for ppo_atari's network and for ppo_atari_lstm's (a minibatch
 * of whole envs through time with episode resets). Skipped where Debian's python3-torch is not installed.
 */
class PpoTorchReferenceTest {
    @TempDir
    Path dir;

    @Test
    void cnnMinibatchStepMatchesTorch() throws Exception {
        check(PpoArch.CNN, 1);
    }

    @Test
    void lstmMinibatchStepMatchesTorch() throws Exception {
        check(PpoArch.LSTM, 2);
    }

    private void check(PpoArch arch, long seed) throws Exception {
        assumeTrue(A2cTorchReferenceTest.torchAvailable(), "PyTorch is not importable by " + A2cTorchReferenceTest.PYTHON);
        String script = TestRoms.projectRoot().resolve("agents/src/main/resources/org/atarisaliency/agents/train/ppo_torch.py").toString();
        A2cTorchReferenceTest.run(script, "--reference", dir.toString(), arch.label(), Long.toString(seed));
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String name : arch.shapes(4).keySet()) {
            weights.put(name, floats(name));
        }
        PpoRollout r = rollout(arch);
        String[] cfgText = Files.readString(dir.resolve("config.txt")).trim().split("\\s+");
        double lr = Double.parseDouble(cfgText[2]);
        PpoConfig cfg = PpoConfig.defaults();
        assertEquals(cfg.clipCoef(), Double.parseDouble(cfgText[3]));
        assertEquals(cfg.adamEps(), Double.parseDouble(cfgText[7]));
        PpoRollout.Targets targets = r.targets(cfg.gamma(), cfg.gaeLambda());
        assertClose(floats("advantages"), targets.advantages(), 1e-6, "advantages");
        assertClose(floats("returns"), targets.returns(), 1e-6, "returns");
        int[] selection = Npy.read(dir.resolve("selection.npy")).ints();
        String[] result = Files.readString(dir.resolve("result.txt")).trim().split("\\s+");
        double torchNorm = Double.parseDouble(result[1]);
        try (PpoLearner learner = new PpoLearner(arch, weights, cfg, 2)) {
            for (Map.Entry<String, float[]> e : learner.gradients(r, targets, selection).entrySet()) {
                float[] ref = floats("grad." + e.getKey());
                double scale = A2cTorchReferenceTest.maxAbs(ref);
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], e.getValue()[i], 1e-3 * Math.abs(ref[i]) + 1e-5 * scale, arch + " gradient " + e.getKey() + "[" + i + "]");
                }
            }
            double norm = learner.minibatchStep(r, targets, selection, lr);
            assertEquals(torchNorm, norm, 1e-5 * torchNorm);
            assertTrue(torchNorm > cfg.maxGradNorm(), "clipping should be active");
            for (Map.Entry<String, float[]> e : learner.weights().entrySet()) {
                float[] ref = floats("new." + e.getKey()), g = floats("grad." + e.getKey());
                double scale = A2cTorchReferenceTest.maxAbs(g);
                for (int i = 0; i < ref.length; i++) {
                    // Adam's first step is lr * g / (|g| + eps): only gradients well above float noise fix its sign
                    double tol = Math.abs(g[i]) > 1e-3 * scale ? 1e-6 : 2 * lr + 1e-6;
                    assertEquals(ref[i], e.getValue()[i], tol, arch + " weight " + e.getKey() + "[" + i + "] after the step");
                }
            }
            assertModelLoadsInTorch(arch, learner, script);
        }
    }

    /** model.pt loads with torch.load(weights_only=True) into CleanRL's Agent, strictly, with bitwise the learner's weights. */
    private void assertModelLoadsInTorch(PpoArch arch, PpoLearner learner, String script) throws Exception {
        Path model = dir.resolve("model.pt"), loaded = Files.createDirectories(dir.resolve("loaded"));
        learner.saveModel(model);
        A2cTorchReferenceTest.run(script, "--load", model.toString(), arch.label(), loaded.toString());
        for (Map.Entry<String, float[]> e : learner.weights().entrySet()) {
            assertArrayEquals(e.getValue(), Npy.read(loaded.resolve(e.getKey() + ".npy")).floats(), e.getKey() + " as torch loads it");
        }
        if (arch == PpoArch.CNN) {
            try (org.atarisaliency.agents.Policy p = org.atarisaliency.agents.Agents.loadPolicy(model, 4)) {
                assertTrue(p.describe().startsWith("CleanRL ppo_atari"), p.describe());
            }
        }
    }

    private PpoRollout rollout(PpoArch arch) throws IOException {
        byte[] obs = Npy.read(dir.resolve("obs.npy")).bytes();
        float[] x = new float[obs.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (obs[i] & 0xff) / 255f;
        }
        float[] nextValue = floats("next_value");
        int n = nextValue.length, b = floats("values").length;
        RecurrentState start = null;
        if (arch == PpoArch.LSTM) {
            start = new RecurrentState(n, List.of("h", "c"), List.of(floats("h0"), floats("c0")));
        }
        return new PpoRollout(n, b / n, x.length / b, x, Npy.read(dir.resolve("actions.npy")).ints(), floats("logprobs"), floats("values"),
                floats("rewards"), flags("starts"), nextValue, flags("next_starts"), start);
    }

    private float[] floats(String name) throws IOException {
        return Npy.read(dir.resolve(name + ".npy")).floats();
    }

    private boolean[] flags(String name) throws IOException {
        byte[] b = Npy.read(dir.resolve(name + ".npy")).bytes();
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] != 0;
        }
        return out;
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
