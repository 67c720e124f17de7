package org.atarisaliency.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.agents.sb3.Sb3Python;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our perturbation maps of real Stable-Baselines3 agents (a tiny PPO: actor = raw logits, critic =
 * value; a tiny DQN: actor = Q-values, critic = max Q; made by agents/src/test/python/sb3_agents.py)
 * against a perturbation loop written independently in Python around SB3's own policy module
 * (saliency/src/test/python/reference_sb3_saliency.py: numpy Gaussian filter, Pillow upsampling), on
 * the same real 4x84x84 observation stack: score grids and their 84x84 upsampling within 1e-4 of the
 * map's maximum, perturbing the newest frame only (the default) and the whole stack.
 *
 * <p>Needs Debian's /usr/bin/python3 with python3-torch and python3-pil, PYTHONPATH=.deps/sb3 (see
 * Sb3PolicyTest); skipped where that is missing, failed instead with -Datari.sb3.required=true.
 */
class Sb3SaliencyReferenceTest {
    private static final double TOL = 1e-4;
    private static final int ACTIONS = 6; // Pong
    /** The last of sb3_agents.py's 6 stacks from reset: four real frames, none of them the black reset fill. */
    private static final int INDEX = 5;
    private static Path dir;

    @BeforeAll
    static void makeAgents() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, sb3_contrib, ale_py, PIL");
        dir = Files.createTempDirectory("sb3-saliency");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/sb3_agents.py").toString(), dir.toString(), "ppo", "dqn");
        assertEquals(0, r.exit(), "sb3_agents.py failed:\n" + r.out());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Sb3Python.delete(dir);
    }

    @Test
    void ppoNewestFrame() throws Exception {
        compare("ppo", 5, PerturbationMode.OCCLUDE, PerturbTarget.NEWEST);
    }

    @Test
    void ppoWholeStack() throws Exception {
        SaliencyMap stack = compare("ppo", 5, PerturbationMode.OCCLUDE, PerturbTarget.STACK);
        SaliencyMap newest = compare("ppo", 5, PerturbationMode.OCCLUDE, PerturbTarget.NEWEST);
        assertTrue(!Arrays.equals(stack.critic(), newest.critic()), "perturbing the stack changed nothing");
        assertTrue(Arrays.equals(stack.input(), newest.input()), "the map is shown on the newest frame either way");
    }

    @Test
    void ppoWholeStackSearchlightStride4() throws Exception {
        compare("ppo", 4, PerturbationMode.SEARCHLIGHT, PerturbTarget.STACK);
    }

    @Test
    void dqnNewestFrame() throws Exception {
        compare("dqn", 5, PerturbationMode.OCCLUDE, PerturbTarget.NEWEST);
    }

    @Test
    void dqnWholeStack() throws Exception {
        compare("dqn", 5, PerturbationMode.OCCLUDE, PerturbTarget.STACK);
    }

    @Test
    void stackIsRefusedWithoutAFrameStack() throws Exception {
        try (Policy p = Agents.loadPolicy(dir.resolve("ppo.zip"), ACTIONS); PerturbationSaliency engine = new PerturbationSaliency(p)) {
            float[] frame = new float[84 * 84];
            SaliencyRequest r = SaliencyRequest.of(frame, RecurrentState.zeros(1, List.of("h"), 256)).withTarget(PerturbTarget.STACK);
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> engine.compute(r));
            assertEquals("perturb", e.setting());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    private static SaliencyMap compare(String algo, int stride, PerturbationMode mode, PerturbTarget target) throws Exception {
        Path obs = dir.resolve(algo + ".obs.npy");
        Npy.Array stacks = Npy.read(obs);
        int fs = 84 * 84;
        float[] all = stacks.floats();
        int off = INDEX * 4 * fs;
        float[] older = Arrays.copyOfRange(all, off, off + 3 * fs);
        float[] newest = Arrays.copyOfRange(all, off + 3 * fs, off + 4 * fs);
        String what = algo + " d=" + stride + " " + mode + " " + target;
        Path ref = dir.resolve(algo + "-" + stride + "-" + mode + "-" + target);
        long t0 = System.nanoTime();
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("saliency/src/test/python/reference_sb3_saliency.py").toString(), "--agent",
                dir.resolve(algo + ".zip").toString(), "--algo", algo, "--obs", obs.toString(), "--index", Integer.toString(INDEX),
                "--stride", Integer.toString(stride), "--mode", mode.name().toLowerCase(), "--perturb", target.label(), "--out", ref.toString());
        assertEquals(0, r.exit(), "reference_sb3_saliency.py failed:\n" + r.out());
        long t1 = System.nanoTime();
        SaliencyMap map;
        try (Policy p = Agents.loadPolicy(dir.resolve(algo + ".zip"), ACTIONS); PerturbationSaliency engine = new PerturbationSaliency(p)) {
            RecurrentState state = new RecurrentState(1, List.of(PerturbTarget.FRAMES), List.of(older));
            map = engine.compute(new SaliencyRequest(newest, state, stride, SaliencyRequest.DEFAULT_RADIUS, SaliencyRequest.DEFAULT_BLUR, mode,
                    64, target));
        }
        long t2 = System.nanoTime();
        int g = (84 + stride - 1) / stride;
        assertEquals(g, map.grid(), what);
        float[] logits = Npy.read(ref.resolve("logits.npy")).floats();
        for (int a = 0; a < ACTIONS; a++) {
            assertEquals(logits[a], map.output().logits()[a], 1e-5 * Math.max(1, Math.abs(logits[a])), what + " unperturbed output " + a);
        }
        double worst = 0;
        worst = Math.max(worst, assertClose(Npy.read(ref.resolve("actor.npy")).floats(), map.actor(), what + " actor"));
        worst = Math.max(worst, assertClose(Npy.read(ref.resolve("critic.npy")).floats(), map.critic(), what + " critic"));
        worst = Math.max(worst, assertClose(Npy.read(ref.resolve("chosen.npy")).floats(), map.chosen(), what + " chosen"));
        worst = Math.max(worst, assertClose(Npy.read(ref.resolve("actor_84.npy")).floats(), map.actorUpsampled(), what + " actor_84"));
        worst = Math.max(worst, assertClose(Npy.read(ref.resolve("critic_84.npy")).floats(), map.criticUpsampled(), what + " critic_84"));
        System.out.printf("%s: worst difference %.2e of the map's maximum; python %.1f s, java %.1f s%n", what, worst, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        return map;
    }

    /** Returns max |ref - got| / max |ref|; fails above {@link #TOL}. */
    private static double assertClose(float[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length, what);
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(ref[i] - got[i]));
        }
        assertTrue(max > 0, what + ": reference map is all 0; the comparison would prove nothing");
        assertTrue(diff <= TOL * max, what + ": max difference " + diff + " > " + TOL + " x max " + max);
        return diff / max;
    }
}
