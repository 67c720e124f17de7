package org.atarisaliency.agents.nets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Our forward passes (ND4J ops and the SameDiff graph) against an independent numpy implementation. */
class ReferenceForwardTest {
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    @Test
    void babyA3cGruMatchesNumpyOnRealFramesAndStates() throws Exception {
        String[][] games = {{"pong-v4", "Pong-v4"}, {"breakout-v4", "Breakout-v4"}, {"spaceinvaders-v4", "SpaceInvaders-v4"}};
        for (String[] g : games) {
            ActorCriticWeights w = ActorCriticWeights.read(TestAssets.agent(g[0], 80));
            assertEquals(RecurrentCell.GRU, w.cell());
            Rollout r = Rollout.play(w, g[1], 120, 20);
            check(w, dir.resolve(g[0]), r.observations(), r.state());
        }
    }

    @Test
    void lstmMatchesNumpyOnRandomWeights() throws Exception {
        check(TestNetworks.randomLstm(4, 12), dir.resolve("lstm"), 5, 13);
    }


    /** Synthetic inputs: blocky images with sharp edges like Atari screens, and random memory. */
    private void check(ActorCriticWeights w, Path d, int n, long seed) throws IOException, InterruptedException {
        Random r = new Random(seed);
        int s = w.inputSize();
        float[] x = new float[n * w.inputChannels() * s * s];
        for (int i = 0; i < x.length; i++) {
            int img = i / (s * s), p = i % (s * s), y = p / s, col = p % s;
            x[i] = img == 0 ? 0f : ((y / 7 + col / 5 + img) % 3) / 2f * (y > 10 && y < 70 ? 0.5f : 0.1f);
        }
        RecurrentState st = RecurrentState.zeros(n, w.cell().stateNames(), w.hidden());
        for (float[] part : st.parts()) {
            for (int i = w.hidden(); i < part.length; i++) {
                part[i] = (float) Math.tanh(r.nextGaussian() * 0.5);
            }
        }
        check(w, d, x, st);
    }

    private void check(ActorCriticWeights w, Path d, float[] x, RecurrentState st) throws IOException, InterruptedException {
        java.nio.file.Files.createDirectories(d);
        int n = st.batch();
        int s = w.inputSize();
        writeWeights(w, d);
        Npy.writeFloat32(d.resolve("x.npy"), x, n, w.inputChannels(), s, s);
        Npy.writeFloat32(d.resolve("h.npy"), st.part("h"), n, w.hidden());
        if (w.cell() == RecurrentCell.LSTM) {
            Npy.writeFloat32(d.resolve("c.npy"), st.part("c"), n, w.hidden());
        }
        TestAssets.python(TestRoms.projectRoot().resolve("agents/src/test/python/reference_forward.py"), d.toString());
        double[] refLogits = readF64(d.resolve("logits.npy"));
        double[] refValue = readF64(d.resolve("value.npy"));
        double[] refH = readF64(d.resolve("h_next.npy"));

        try (ActorCriticPolicy p = new ActorCriticPolicy(w, "test")) {
            PolicyOutput out = p.forward(x, st);
            assertClose(refLogits, out.logits(), "logits");
            assertClose(refValue, out.values(), "value");
            assertClose(refH, out.next().part("h"), "h_next");
            if (w.cell() == RecurrentCell.LSTM) {
                assertClose(readF64(d.resolve("c_next.npy")), out.next().part("c"), "c_next");
            }
            // one row at a time gives the same answer as the batch
            int per = w.inputChannels() * s * s;
            for (int i = 0; i < n; i++) {
                float[] xi = java.util.Arrays.copyOfRange(x, i * per, (i + 1) * per);
                PolicyOutput oi = p.forward(xi, st.row(i));
                for (int a = 0; a < w.actions(); a++) {
                    assertEquals(out.logits()[i * w.actions() + a], oi.logits()[a], 1e-5);
                }
            }
        }

        SameDiff sd = SameDiffActorCritic.build(w);
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("x", Nd4j.create(x, new long[] {n, w.inputChannels(), s, s}, DataType.FLOAT));
        ph.put("h", Nd4j.create(st.part("h"), new long[] {n, w.hidden()}, DataType.FLOAT));
        if (w.cell() == RecurrentCell.LSTM) {
            ph.put("c", Nd4j.create(st.part("c"), new long[] {n, w.hidden()}, DataType.FLOAT));
        }
        Map<String, INDArray> o = sd.output(ph, "logits", "value", "h_next");
        assertClose(refLogits, o.get("logits").data().asFloat(), "samediff logits");
        assertClose(refValue, o.get("value").data().asFloat(), "samediff value");
        assertClose(refH, o.get("h_next").data().asFloat(), "samediff h_next");
    }

    /** Observations and memories met along a real greedy rollout, every {@code every} steps. */
    private record Rollout(float[] observations, RecurrentState state) {
        static Rollout play(ActorCriticWeights w, String game, int steps, int every) {
            var loc = TestRoms.locator();
            var spec = org.atarisaliency.env.GameIds.resolve(game, loc.availableRoms());
            int per = w.inputSize() * w.inputSize();
            int n = steps / every;
            float[] obs = new float[n * per];
            RecurrentState kept = RecurrentState.zeros(n, w.cell().stateNames(), w.hidden());
            try (var env = org.atarisaliency.env.AtariEnv.open(spec, loc.find(spec.rom()), 1, 0);
                 ActorCriticPolicy p = new ActorCriticPolicy(w, "rollout")) {
                RecurrentState h = p.initialState(1);
                for (int t = 0, k = 0; t < steps && k < n; t++) {
                    float[] o = org.atarisaliency.env.Preprocessing.preprocess(env.frame());
                    if (t % every == every - 1) {
                        System.arraycopy(o, 0, obs, k * per, per);
                        for (int j = 0; j < h.parts().size(); j++) {
                            System.arraycopy(h.parts().get(j), 0, kept.parts().get(j), k * w.hidden(), w.hidden());
                        }
                        k++;
                    }
                    var out = p.forward(o, h);
                    env.step(out.greedyAction(0));
                    h = out.next();
                }
            }
            return new Rollout(obs, kept);
        }
    }

    private static void assertClose(double[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length, what + " length");
        double max = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i] - got[i]));
        }
        double spread = 0;
        for (double v : ref) {
            spread = Math.max(spread, Math.abs(v));
        }
        assertTrue(max <= TOL, what + ": max abs difference " + max + " > " + TOL + " (largest |reference| " + spread + ")");
        assertTrue(spread > 1e-3, what + ": reference is all ~0, the test would prove nothing");
    }

    private static double[] readF64(Path p) throws IOException {
        float[] f = Npy.read(p).floats();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    private static void writeWeights(ActorCriticWeights w, Path d) throws IOException {
        int[] ch = w.convChannels();
        for (int l = 0; l < 4; l++) {
            Npy.writeFloat32(d.resolve("conv" + (l + 1) + "_weight.npy"), w.convWeight()[l], ch[l + 1], ch[l], 3, 3);
            Npy.writeFloat32(d.resolve("conv" + (l + 1) + "_bias.npy"), w.convBias()[l], ch[l + 1]);
        }
        int g = w.cell().gates() * w.hidden();
        Npy.writeFloat32(d.resolve("weight_ih.npy"), w.weightIh(), g, w.flatSize());
        Npy.writeFloat32(d.resolve("weight_hh.npy"), w.weightHh(), g, w.hidden());
        Npy.writeFloat32(d.resolve("bias_ih.npy"), w.biasIh(), g);
        Npy.writeFloat32(d.resolve("bias_hh.npy"), w.biasHh(), g);
        Npy.writeFloat32(d.resolve("critic_weight.npy"), w.criticWeight(), 1, w.hidden());
        Npy.writeFloat32(d.resolve("critic_bias.npy"), new float[] {w.criticBias()}, 1);
        Npy.writeFloat32(d.resolve("actor_weight.npy"), w.actorWeight(), w.actions(), w.hidden());
        Npy.writeFloat32(d.resolve("actor_bias.npy"), w.actorBias(), w.actions());
    }
}
