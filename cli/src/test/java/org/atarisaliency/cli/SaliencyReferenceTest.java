package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.saliency.RealFrames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code saliency} command's maps against the independent numpy/scipy implementation
 * (saliency/src/test/python/reference_saliency.py) on real frames of the three shared agents:
 * within 1e-4 of the map's maximum, actor and critic, the input-change map and the input-relative
 * actor and critic maps, d in {1, 5}, occlude and searchlight.
 */
class SaliencyReferenceTest {
    private static final double TOL = 1e-4;

    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private void compare(String agentDir, String game, int step, int stride, String mode) throws Exception {
        RealFrames.Frame f = RealFrames.rollout(agentDir, game, step).get(0);
        Path d = Files.createDirectories(tmp.resolve(agentDir + "-" + step + "-" + stride + "-" + mode));
        Path frame = d.resolve("frame.npy"), state = d.resolve("state.npy");
        Npy.writeUint8(frame, f.rgb(), 210, 160, 3);
        Npy.writeFloat32(state, f.stateBefore().part("h"), 1, 256);
        String agent = TestAssets.agent(agentDir, 80).toString();
        Path ours = d.resolve("ours"), ref = d.resolve("ref");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[] {"saliency", "--agent", agent, "--frame", frame.toString(), "--state", state.toString(),
            "--stride", Integer.toString(stride), "--mode", mode, "--out", ours.toString(), "--quiet"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        TestAssets.python(TestRoms.projectRoot().resolve("saliency/src/test/python/reference_saliency.py"), "--agent", agent,
                "--frame", frame.toString(), "--state", state.toString(), "--stride", Integer.toString(stride), "--mode", mode,
                "--score", "chosen", "--out", ref.toString());
        String what = agentDir + " step " + step + " d=" + stride + " " + mode;
        int g = (80 + stride - 1) / stride;
        for (String name : new String[] {"actor", "critic", "relative_actor", "relative_critic"}) {
            Npy.Array a = Npy.read(ours.resolve(name + ".npy"));
            assertEquals(List.of(g, g), List.of(a.shape()[0], a.shape()[1]), what + " " + name + " shape");
            assertClose(Npy.read(ref.resolve(name + ".npy")).floats(), a.floats(), what + " " + name);
            assertClose(Npy.read(ref.resolve(name + "_80.npy")).floats(), Npy.read(ours.resolve(name + "_80.npy")).floats(), what + " " + name + "_80");
        }
        assertClose(Npy.read(ref.resolve("input_change.npy")).floats(), Npy.read(ours.resolve("input_change.npy")).floats(), what + " input change");
        assertClose(Npy.read(ref.resolve("actor_chosen.npy")).floats(), Npy.read(ours.resolve("chosen.npy")).floats(), what + " chosen");
        float[] inRef = Npy.read(ref.resolve("input.npy")).floats(), inOurs = Npy.read(ours.resolve("input.npy")).floats();
        for (int i = 0; i < inRef.length; i++) {
            assertEquals(inRef[i], inOurs[i], 0f, what + " input differs at " + i);
        }
        assertTrue(Files.readString(ours.resolve("run.json")).contains("\"agent_sha256\""));
    }

    private static void assertClose(float[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length, what);
        double max = 0, diff = 0;
        for (int i = 0; i < ref.length; i++) {
            max = Math.max(max, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(ref[i] - got[i]));
        }
        assertTrue(max > 1e-6, what + ": reference map is all ~0; the comparison would prove nothing");
        assertTrue(diff <= TOL * max, what + ": max difference " + diff + " > " + TOL + " x max " + max);
    }

    @Test
    void allThreeAgentsStride5BothModes() throws Exception {
        List<String[]> agents = new ArrayList<>(List.of(new String[] {"pong-v4", "Pong-v4", "120"},
                new String[] {"breakout-v4", "Breakout-v4", "80"}, new String[] {"spaceinvaders-v4", "SpaceInvaders-v4", "150"}));
        for (String[] a : agents) {
            for (String mode : new String[] {"occlude", "searchlight"}) {
                compare(a[0], a[1], Integer.parseInt(a[2]), 5, mode);
            }
        }
    }

    @Test
    void stride1BothModes() throws Exception {
        compare("breakout-v4", "Breakout-v4", 60, 1, "occlude");
        compare("pong-v4", "Pong-v4", 70, 1, "searchlight");
    }

    @Test
    void badInputsGiveOneLineErrors() throws Exception {
        Path bad = tmp.resolve("bad.npy");
        Npy.writeFloat32(bad, new float[6400], 80, 80);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new String[] {"saliency", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--frame", bad.toString(),
            "--out", tmp.resolve("o").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(err.toString().contains("expected a uint8 210x160x3 RGB frame"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void theHintStripIsDrawnOnTheFrameBeforeItIsExplained() throws Exception {
        RealFrames.Frame f = RealFrames.rollout("pong-v4", "Pong-v4", 40).get(0);
        Path frame = tmp.resolve("frame.npy");
        Npy.writeUint8(frame, f.rgb(), 210, 160, 3);
        String agent = TestAssets.agent("pong-v4", 80).toString();
        float[][] inputs = new float[2][];
        for (int k = 0; k < 2; k++) {
            Path out = tmp.resolve("h" + k);
            StringWriter o = new StringWriter(), e = new StringWriter();
            int code = Main.run(new String[] {"saliency", "--agent", agent, "--frame", frame.toString(), "--hints", Integer.toString(2 + 3 * k),
                "--out", out.toString(), "--quiet"}, new PrintWriter(o, true), new PrintWriter(e, true));
            assertEquals(0, code, e.toString());
            inputs[k] = Npy.read(out.resolve("input.npy")).floats();
            assertTrue(Files.readString(out.resolve("run.json")).contains("\"hinted_action\": " + (2 + 3 * k)));
        }
        // input row 1 (screen rows 37-38 after the crop at 35 and the halving); the lit mark of action a is near column (72 + 5a) / 2
        int lit2 = 80 + (72 + 10) / 2, lit5 = 80 + (72 + 25) / 2;
        assertTrue(inputs[0][lit2] > inputs[1][lit2] + 0.2f && inputs[1][lit5] > inputs[0][lit5] + 0.2f,
                "strip pixels: " + inputs[0][lit2] + " " + inputs[1][lit2] + " " + inputs[0][lit5] + " " + inputs[1][lit5]);
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new String[] {"saliency", "--agent", agent, "--frame", frame.toString(), "--hints", "6", "--out",
            tmp.resolve("bad").toString()}, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(ExitCodes.BAD_INPUT, code);
        assertTrue(e.toString().contains("--hints action 6 is not in 0..5"), e.toString());
    }
}
