package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.sb3.Sb3Python;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our perturbation map of a real sb3-contrib RecurrentPPO agent (CnnLstmPolicy with its default critic LSTM, made
 * and played on Breakout by agents/src/test/python/recurrent_agents.py) against the Python loop around its own
 * modules (saliency/src/test/python/reference_sb3_saliency.py --algo rppo): on a step of the recorded episode, with
 * the LSTM state the agent carried from the previous (unperturbed) step, score grids and their 84x84 upsampling
 * within 1e-4 of the map's maximum. Needs the Python of {@link Sb3Python}; skipped where it is missing.
 */
class RecurrentSaliencyReferenceTest {
    private static final double TOL = 1e-4;
    private static Path dir;

    @BeforeAll
    static void makeAgent() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, sb3_contrib, ale_py, PIL");
        dir = Files.createTempDirectory("rppo-saliency");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/recurrent_agents.py").toString(), dir.toString(), "rppo");
        assertEquals(0, r.exit(), "recurrent_agents.py failed:\n" + r.out());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Sb3Python.delete(dir);
    }

    @Test
    void recurrentPpoMapFromTheCarriedState() throws Exception {
        int[] starts = Npy.read(dir.resolve("rppo.starts.npy")).ints();
        int index = starts.length - 1;
        while (starts[index] == 1) {
            index--;
        }
        assertTrue(index >= 1, "no step with a carried state");
        Path ref = dir.resolve("ref");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("saliency/src/test/python/reference_sb3_saliency.py").toString(),
                "--agent", dir.resolve("rppo.zip").toString(), "--algo", "rppo", "--obs", dir.resolve("rppo.obs.npy").toString(), "--index",
                Integer.toString(index), "--state", dir.resolve("rppo.").toString(), "--stride", "6", "--out", ref.toString());
        assertEquals(0, r.exit(), "reference_sb3_saliency.py failed:\n" + r.out());
        int fs = 84 * 84;
        float[] frame = Arrays.copyOfRange(Npy.read(dir.resolve("rppo.obs.npy")).floats(), index * fs, (index + 1) * fs);
        SaliencyMap map;
        try (Policy p = Agents.loadPolicy(dir.resolve("rppo.zip"), 4); PerturbationSaliency engine = new PerturbationSaliency(p)) {
            List<float[]> parts = new ArrayList<>();
            int hs = p.stateSize();
            for (String name : p.stateNames()) {
                float[] all = Npy.read(dir.resolve("rppo." + name + ".npy")).floats();
                parts.add(Arrays.copyOfRange(all, (index - 1) * hs, index * hs));
            }
            map = engine.compute(new SaliencyRequest(frame, new RecurrentState(1, p.stateNames(), parts), 6, SaliencyRequest.DEFAULT_RADIUS,
                    SaliencyRequest.DEFAULT_BLUR, PerturbationMode.OCCLUDE, 64));
        }
        float[] logits = Npy.read(ref.resolve("logits.npy")).floats();
        for (int a = 0; a < logits.length; a++) {
            assertEquals(logits[a], map.output().logits()[a], 1e-5 * Math.max(1, Math.abs(logits[a])), "unperturbed output " + a);
        }
        assertClose(Npy.read(ref.resolve("actor.npy")).floats(), map.actor(), "actor");
        assertClose(Npy.read(ref.resolve("critic.npy")).floats(), map.critic(), "critic");
        assertClose(Npy.read(ref.resolve("chosen.npy")).floats(), map.chosen(), "chosen");
        assertClose(Npy.read(ref.resolve("actor_84.npy")).floats(), map.actorUpsampled(), "actor_84");
        assertClose(Npy.read(ref.resolve("critic_84.npy")).floats(), map.criticUpsampled(), "critic_84");
    }

    private static void assertClose(float[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length, what);
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(ref[i] - got[i]));
        }
        assertTrue(max > 0, what + ": reference map is all 0; the comparison would prove nothing");
        assertTrue(diff <= TOL * max, what + ": max difference " + diff + " > " + TOL + " x max " + max);
    }
}
