package org.atarisaliency.agents.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.TestNetworks;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PyTorch loads what {@link TorchCheckpointWriter} writes: {@code torch.load(f, weights_only=True)}
 * through agents/src/test/python/torch_load_check.py, run by Debian's /usr/bin/python3 with
 * python3-torch (./run-tests installs it). Skipped when that Python cannot import torch.
 */
class TorchLoadTest {
    static final String PYTHON = "/usr/bin/python3";
    private static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    private static Boolean torch;

    /** Each test is reported as skipped (not failed) without torch. */
    @BeforeEach
    void torchPresent() {
        synchronized (TorchLoadTest.class) {
            if (torch == null) {
                torch = torchAvailable();
            }
        }
        Assumptions.assumeTrue(torch, PYTHON + " cannot import torch (apt-get install python3-torch)");
    }

    @Test
    void torchLoadsBabyA3cWeightsIntoTheNetworkAndComputesOurOutputs() throws Exception {
        ActorCriticWeights w = ActorCriticWeights.read(TestSupport.babyA3c("pong-v4", 80));
        Path file = tmp.resolve("pong.pt");
        TorchCheckpointWriter.write(file, w.toStateDict());
        Step step = pongStep(w, 50);
        Map<String, List<String>> out = check(file, step);
        assertEquals("weights_only", first(out, "loaded").get(0));
        assertEquals("OrderedDict", first(out, "root").get(0));
        assertTensors(w.toStateDict(), out.get("tensor"));
        assertAligned(out.get("entry"), 16);
        assertForward(step, first(out, "forward"));
    }

    @Test
    void torchLoadsLstmWeightsWithIntegerScalarsUnderWeightsOnly() throws Exception {
        ActorCriticWeights w = TestNetworks.randomLstm(6, 21);
        Map<String, Number> scalars = new LinkedHashMap<>();
        scalars.put("updates", 123);
        scalars.put("frames", 5_000_000_000L);
        scalars.put("negative", -70_000);
        Path file = tmp.resolve("lstm.pt");
        TorchCheckpointWriter.write(file, w.toStateDict(), scalars);
        Step step = pongStep(w, 30);
        Map<String, List<String>> out = check(file, step);
        assertEquals("weights_only", first(out, "loaded").get(0));
        assertEquals("dict", first(out, "root").get(0));
        assertTensors(w.toStateDict(), out.get("tensor"));
        assertEquals(List.of("updates\tint\t123", "frames\tint\t5000000000", "negative\tint\t-70000"),
                out.get("scalar").stream().toList());
        assertAligned(out.get("entry"), 16);
        assertForward(step, first(out, "forward"));
    }

    @Test
    void torchLoadsFloatScalars() throws Exception {
        Map<String, TensorData> t = Map.of("w", TensorData.float32(new float[] {0.5f, -1.25f}, 1, 2));
        Map<String, Number> scalars = new LinkedHashMap<>();
        scalars.put("lr", 1e-4);
        scalars.put("gamma", 0.99f);
        Path file = tmp.resolve("floats.pt");
        TorchCheckpointWriter.write(file, t, scalars);
        Map<String, List<String>> out = check(file, null);
        if (!first(out, "torch").get(0).startsWith("1.")) {
            assertEquals("weights_only", first(out, "loaded").get(0), "torch >= 2 reads BINFLOAT under weights_only");
        }
        List<String> s = out.get("scalar");
        assertEquals(2, s.size());
        assertEquals(1e-4, Double.parseDouble(s.get(0).split("\t")[2]));
        assertEquals((double) 0.99f, Double.parseDouble(s.get(1).split("\t")[2]));
        assertTensors(t, out.get("tensor"));
    }

    /** One step of a policy on a real Pong frame, from a memory built up over {@code steps} greedy steps. */
    private record Step(int channels, float[] obs, RecurrentState state, PolicyOutput out) {
    }

    private static Step pongStep(ActorCriticWeights w, int steps) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        try (AtariEnv env = AtariEnv.open(spec, loc.find(spec.rom()), 9, 0);
             ActorCriticPolicy p = new ActorCriticPolicy(w, "test")) {
            RecurrentState s = p.initialState(1);
            float[] obs = new float[80 * 80];
            for (int t = 0; ; t++) {
                FramePreprocessor.A3C.apply(env.frame(), obs, 0);
                PolicyOutput o = p.forward(obs, s);
                if (t == steps) {
                    return new Step(w.inputChannels(), obs, s, o);
                }
                s = o.next();
                env.step(t % 3 == 0 ? new Random(t).nextInt(6) : o.greedyAction(0));
            }
        }
    }

    /** Runs the check script on {@code file} (and the step's forward pass); its lines grouped by tag. */
    private Map<String, List<String>> check(Path file, Step step) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON,
                TestSupport.projectDir().resolve("agents/src/test/python/torch_load_check.py").toString(), file.toString()));
        if (step != null) {
            cmd.addAll(List.of("--x", raw("x", step.obs()), "--h", raw("h", step.state().part("h")), "--n", "1"));
            if (step.state().names().contains("c")) {
                cmd.addAll(List.of("--c", raw("c", step.state().part("c"))));
            }
        }
        String text = run(cmd);
        Map<String, List<String>> byTag = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                byTag.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(line.substring(tab + 1));
            }
        }
        assertTrue(byTag.containsKey("loaded"), "no output from torch_load_check.py:\n" + text);
        return byTag;
    }

    private static List<String> first(Map<String, List<String>> out, String tag) {
        List<String> lines = out.get(tag);
        assertTrue(lines != null && lines.size() == 1, "expected one '" + tag + "' line, got " + lines);
        return List.of(lines.get(0).split("\t", -1));
    }

    private static void assertTensors(Map<String, TensorData> expected, List<String> lines) throws Exception {
        List<String> want = new ArrayList<>();
        for (Map.Entry<String, TensorData> e : expected.entrySet()) {
            TensorData t = e.getValue();
            want.add(String.join("\t", e.getKey(), "float32", csv(t.shape()),
                    csv(TorchCheckpointWriter.contiguousStride(t.shape())), "False", sha256(t.values())));
        }
        assertEquals(want, lines);
    }

    private static void assertAligned(List<String> entries, int storages) {
        assertEquals(storages + 3, entries.size(), entries.toString());
        for (String e : entries) {
            String[] f = e.split("\t");
            assertEquals(0, Long.parseLong(f[1]) % TorchCheckpointWriter.ALIGNMENT, e);
        }
    }

    private static void assertForward(Step step, List<String> f) {
        assertClose(step.out().values(), f.get(0), "value");
        assertClose(step.out().logits(), f.get(1), "logits");
        List<String> names = step.out().next().names();
        for (int i = 0; i < names.size(); i++) {
            assertClose(step.out().next().part(names.get(i)), f.get(2 + i), names.get(i));
        }
    }

    private static void assertClose(float[] ours, String csv, String what) {
        String[] v = csv.split(",");
        assertEquals(ours.length, v.length, what);
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.parseDouble(v[i]), ours[i], TOL, what + "[" + i + "]");
        }
    }

    private String raw(String name, float[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Path p = tmp.resolve(name + ".f32");
        Files.write(p, b.array());
        return p.toString();
    }

    private static String sha256(float[] v) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    private static String csv(long[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? "," : "").append(v[i]);
        }
        return s.toString();
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("PYTHONPATH"); // the project's numpy is for another Python
        pb.environment().put("PYTHONWARNINGS", "ignore");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "torch_load_check.py timed out");
        assertEquals(0, p.exitValue(), "torch_load_check.py failed:\n" + out);
        return out;
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true);
            pb.environment().remove("PYTHONPATH");
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
