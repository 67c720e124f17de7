package org.atarisaliency.agents.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One update against PyTorch autograd and torch.optim.Adam (float64, with clipping active) on the
 * same tiny batch, of the A2C loss and of the imitation loss: the loss, every tensor's gradient,
 * the gradient norm and the weights after the step (for imitation also the accuracy, and the
 * critic, which gets no gradient, left as it is). Skipped where Debian's python3-torch is not installed ({@code /usr/bin/python3}).
 */
class A2cTorchReferenceTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final A2cConfig CFG = new A2cConfig(0.95, 0.9, 1e-3, 0.5, 0.02, 0.05, 0.9, 0.999, 1e-8);

    @TempDir
    Path dir;

    @Test
    void gruUpdateMatchesTorch() throws Exception {
        check(RecurrentCell.GRU, 31, false);
    }

    @Test
    void lstmUpdateMatchesTorch() throws Exception {
        check(RecurrentCell.LSTM, 32, false);
    }

    @Test
    void gruImitationUpdateMatchesTorch() throws Exception {
        check(RecurrentCell.GRU, 33, true);
    }

    @Test
    void lstmImitationUpdateMatchesTorch() throws Exception {
        check(RecurrentCell.LSTM, 34, true);
    }

    /** One A2C update, or with {@code imitate} one imitation update to {@link A2cGradientCheckTest#LABELS}. */
    private void check(RecurrentCell cell, long seed, boolean imitate) throws Exception {
        assumeTrue(torchAvailable(), "PyTorch is not importable by " + PYTHON + " (apt-get install python3-torch)");
        ActorCriticWeights w = Init.pytorchDefault(cell, 4, seed);
        Batch b = A2cGradientCheckTest.tinyBatch(w, seed);
        int[] labels = A2cGradientCheckTest.LABELS;
        Path d = dir.resolve(cell.prefix());
        write(w, b, d);
        String script = TestRoms.projectRoot().resolve("agents/src/main/resources/org/atarisaliency/agents/train/a2c_torch.py").toString();
        if (imitate) {
            Npy.writeInt32(d.resolve("labels.npy"), labels, labels.length);
            run(script, "--imitate", d.toString());
        } else {
            run(script, d.toString());
        }
        String[] result = Files.readString(d.resolve("result.txt")).trim().split("\\s+");
        double torchLoss = Double.parseDouble(result[0]), torchNorm = Double.parseDouble(result[1]);
        try (A2cLearner learner = new A2cLearner(w, CFG, 2)) {
            Map<String, float[]> grads;
            if (imitate) {
                grads = learner.imitationGradients(b, labels);
            } else {
                assertEquals(torchLoss, learner.loss(b), 1e-5 * Math.abs(torchLoss));
                grads = learner.gradients(b);
            }
            for (Map.Entry<String, float[]> e : grads.entrySet()) {
                float[] ref = Npy.read(d.resolve("grad." + e.getKey() + ".npy")).floats();
                double scale = maxAbs(ref);
                for (int i = 0; i < ref.length; i++) {
                    assertEquals(ref[i], e.getValue()[i], 1e-3 * Math.abs(ref[i]) + 1e-5 * scale, cell + " gradient " + e.getKey() + "[" + i + "]");
                }
            }
            double norm;
            if (imitate) {
                ImitationStats st = learner.imitate(b, labels);
                assertEquals(torchLoss, st.crossEntropy(), 1e-5 * Math.abs(torchLoss));
                assertEquals(Double.parseDouble(result[2]), st.accuracy(), 1e-12, "accuracy");
                norm = st.gradNorm();
            } else {
                norm = learner.update(b).gradNorm();
            }
            assertEquals(torchNorm, norm, 1e-5 * torchNorm);
            assertTrue(torchNorm > CFG.maxGradNorm(), "clipping should be active");
            Parameters now = new Parameters(learner.weights()), before = new Parameters(w);
            for (int t = 0; t < now.names().size(); t++) {
                String name = now.names().get(t);
                if (imitate && name.startsWith("critic")) {
                    assertArrayEquals(before.tensors().get(t), now.tensors().get(t), name + " should not move");
                }
                float[] ref = Npy.read(d.resolve("new." + name + ".npy")).floats();
                float[] g = Npy.read(d.resolve("grad." + name + ".npy")).floats();
                double scale = maxAbs(g);
                for (int i = 0; i < ref.length; i++) {
                    // Adam's first step is lr * g / (|g| + eps): only gradients well above float noise fix its sign
                    double tol = Math.abs(g[i]) > 1e-3 * scale ? 2e-6 : 2 * CFG.learningRate() + 2e-6;
                    assertEquals(ref[i], now.tensors().get(t)[i], tol, cell + " weight " + name + "[" + i + "] after the step");
                }
            }
        }
    }

    private static void write(ActorCriticWeights w, Batch b, Path d) throws IOException {
        Files.createDirectories(d);
        Parameters p = new Parameters(w);
        for (int t = 0; t < p.names().size(); t++) {
            float[] a = p.tensors().get(t);
            Npy.writeFloat32(d.resolve(p.names().get(t) + ".npy"), a, a.length);
        }
        int n = b.envs(), all = (b.steps() + 1) * n, s = w.inputSize();
        Npy.writeFloat32(d.resolve("obs.npy"), b.observations(), all, w.inputChannels(), s, s);
        Npy.writeInt32(d.resolve("actions.npy"), b.actions(), b.actions().length);
        Npy.writeFloat32(d.resolve("rewards.npy"), b.rewards(), b.rewards().length);
        byte[] dones = new byte[b.dones().length];
        for (int i = 0; i < dones.length; i++) {
            dones[i] = (byte) (b.dones()[i] ? 1 : 0);
        }
        Npy.writeUint8(d.resolve("dones.npy"), dones, dones.length);
        Npy.writeFloat32(d.resolve("h0.npy"), b.start().part("h"), n, w.hidden());
        if (w.cell() == RecurrentCell.LSTM) {
            Npy.writeFloat32(d.resolve("c0.npy"), b.start().part("c"), n, w.hidden());
        }
        Files.writeString(d.resolve("config.txt"), CFG.gamma() + " " + CFG.gaeLambda() + " " + CFG.learningRate() + " " + CFG.valueCoef() + " "
                + CFG.entropyCoef() + " " + CFG.maxGradNorm() + " " + CFG.adamBeta1() + " " + CFG.adamBeta2() + " " + CFG.adamEps() + "\n");
    }

    static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static boolean torchAvailable() throws IOException, InterruptedException {
        return Files.isExecutable(PYTHON) && exec("-c", "import torch, numpy") == 0;
    }

    static void run(String... args) throws IOException, InterruptedException {
        assertEquals(0, exec(args), "the PyTorch reference failed");
    }

    /** Debian's Python, without the project-local packages (their numpy does not fit Debian's torch). */
    private static int exec(String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString());
        pb.command().addAll(java.util.List.of(args));
        pb.environment().remove("PYTHONPATH");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && args.length > 0 && !"-c".equals(args[0])) {
            System.err.println(out);
        }
        return p.exitValue();
    }
}
