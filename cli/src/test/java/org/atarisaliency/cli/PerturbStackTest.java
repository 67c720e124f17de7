package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.atarisaliency.agents.rl4j.Rl4jNets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --perturb newest|stack} of {@code saliency} and {@code record}: a frame-stack agent (RL4J,
 * 4 x 84x84) gets different maps on the same newest frame and the choice in run.json; an A3C GRU
 * agent, which has no frame stack, is refused in one line before anything runs. (That the stack
 * maps are right is Sb3SaliencyReferenceTest's, against SB3's own policy.)
 */
class PerturbStackTest {
    @TempDir
    static Path tmp;
    static Path rl4j;
    static Path frame;
    static Path state;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        rl4j = Rl4jNets.save(Rl4jNets.dqn(4, 84, 6, 11), tmp.resolve("dqn.zip"));
        byte[] rgb;
        try (var env = org.atarisaliency.env.AtariEnv.open(org.atarisaliency.env.GameIds.resolve("pong", List.of("pong")),
                TestRoms.rom("pong"), 0, 0)) {
            rgb = env.frame();
        }
        frame = tmp.resolve("frame.npy");
        Npy.writeUint8(frame, rgb, 210, 160, 3);
        // three older frames with structure, so that blurring them matters
        float[] older = new float[3 * 84 * 84];
        Random r = new Random(5);
        for (int i = 0; i < older.length; i++) {
            older[i] = ((i / 84) % 12 < 6 ? 0.8f : 0.1f) + 0.1f * r.nextFloat();
        }
        state = tmp.resolve("state.npy");
        Npy.writeFloat32(state, older, 1, older.length);
    }

    private static CliTest.Run saliency(Path agent, String perturb, Path out) {
        return CliTest.run("saliency", "--agent", agent.toString(), "--frame", frame.toString(), "--state", state.toString(), "--stride", "8",
                "--perturb", perturb, "--out", out.toString(), "--quiet");
    }

    @Test
    void stackChangesTheMapsOfAFrameStackAgentAndIsRecorded() throws Exception {
        Path newest = tmp.resolve("newest"), stack = tmp.resolve("stack");
        CliTest.Run a = saliency(rl4j, "newest", newest);
        assertEquals(0, a.code(), a.err());
        CliTest.Run b = saliency(rl4j, "stack", stack);
        assertEquals(0, b.code(), b.err());
        assertTrue(Files.readString(newest.resolve("run.json")).contains("\"perturb\": \"newest\""));
        assertTrue(Files.readString(stack.resolve("run.json")).contains("\"perturb\": \"stack\""));
        assertTrue(Arrays.equals(Npy.read(newest.resolve("input.npy")).floats(), Npy.read(stack.resolve("input.npy")).floats()),
                "maps lie on the newest frame either way");
        assertFalse(Arrays.equals(Npy.read(newest.resolve("critic.npy")).floats(), Npy.read(stack.resolve("critic.npy")).floats()),
                "perturbing the older frames too changed nothing");
        assertEquals(List.of(11, 11), Arrays.stream(Npy.read(stack.resolve("actor.npy")).shape()).boxed().toList());
    }

    @Test
    void stackIsRefusedInOneLineForAnAgentWithoutAFrameStack() throws Exception {
        Path out = tmp.resolve("a3c");
        CliTest.Run r = CliTest.run("saliency", "--agent", CliTest.pong(), "--frame", frame.toString(), "--perturb", "stack", "--out",
                out.toString(), "--quiet");
        oneLine(r, ExitCodes.BAD_INPUT, "stack needs an agent with a frame stack", "--perturb newest");
        assertFalse(Files.exists(out.resolve("actor.npy")));
        CliTest.Run rec = CliTest.run("record", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "2", "--perturb", "stack",
                "--out", tmp.resolve("a3c.mp4").toString(), "--quiet");
        oneLine(rec, ExitCodes.BAD_INPUT, "stack needs an agent with a frame stack", "--perturb newest");
        assertFalse(Files.exists(tmp.resolve("a3c.mp4")));
        oneLine(saliency(rl4j, "all", tmp.resolve("bad")), ExitCodes.BAD_INPUT, "--perturb must be one of newest, stack");
    }

    @Test
    void recordTakesItToo() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        CliTest.Run r = CliTest.run("record", "--agent", rl4j.toString(), "--game", "Pong-v4", "--frames", "2", "--stride", "12",
                "--perturb", "stack", "--out", clip.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(tmp.resolve("clip.run.json")).contains("\"perturb\": \"stack\""));
    }

    private static void oneLine(CliTest.Run r, int code, String... needles) {
        assertEquals(code, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: "), e);
        for (String n : needles) {
            assertTrue(e.contains(n), "'" + n + "' not in: " + e);
        }
    }
}
