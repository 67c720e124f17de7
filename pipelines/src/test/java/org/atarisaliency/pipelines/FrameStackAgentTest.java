package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.rl4j.Rl4jNets;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RL4J frame-stack agents (84x84, four stacked frames, the layout RL4J's factories build) in the
 * pipelines that used to assume the A3C's 80x80: a recorded video and the maps of a frame range.
 */
class FrameStackAgentTest {
    @TempDir
    static Path tmp;
    static Path agent;
    static Game game;

    @BeforeAll
    static void build() throws Exception {
        agent = Rl4jNets.save(Rl4jNets.dqn(4, 84, 6, 11), tmp.resolve("dqn.zip"));
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("PongDeterministic-v4", loc.availableRoms());
        game = new Game(spec, loc.find(spec.rom()));
    }

    @Test
    void recordWritesMapsOfTheAgentsOwnSize() throws Exception {
        String run = recordSixFrames(agent, game, tmp, "rl4j", "actor");
        assertTrue(run.contains("\"preprocessing\": \"rl4j"));
    }

    /**
     * Records 6 frames of a frame-stack agent (84x84 input, one state part) into DIR/STEM.mp4 and checks the
     * maps' and memory's shapes and that the {@code map} maps are not all zero; returns run.json's text.
     */
    static String recordSixFrames(Path agent, Game game, Path dir, String stem, String map) throws Exception {
        Path out = dir.resolve(stem + ".mp4");
        Record.Result r = Record.run(new Record.Settings(agent, game, 0, 2, 6, RecordTest.paperValues(Map.of("stride", 8, "scale", 1)), null, null,
                out), null);
        assertEquals(6, r.frames());
        assertTrue(Files.size(out) > 0);
        assertArrayEquals(new int[] {6, 84, 84}, Npy.read(dir.resolve(stem + ".actor.npy")).shape());
        assertArrayEquals(new int[] {6, 84, 84}, Npy.read(dir.resolve(stem + ".critic.npy")).shape());
        assertArrayEquals(new int[] {6, 1, 6}, Npy.read(dir.resolve(stem + ".memory.npy")).shape());
        float max = 0;
        for (float v : Npy.read(dir.resolve(stem + "." + map + ".npy")).floats()) {
            max = Math.max(max, v);
        }
        assertTrue(max > 0, "the " + map + " maps are not all zero");
        return Files.readString(dir.resolve(stem + ".run.json"));
    }

    @Test
    void mapsOfAFrameRangeToo() throws Exception {
        Path dir = tmp.resolve("maps");
        Maps.run(new Maps.Settings(agent, game, 0, 3, 4, MapMethods.get("perturbation"),
                Perturbation.DECLARATION.values(Map.of("stride", 8, "radius", 5.0)), Maps.DECLARATION.values(Map.of("policy", "greedy")), dir), f -> { });
        assertArrayEquals(new int[] {4, 84, 84}, Npy.read(dir.resolve("actor.npy")).shape());
        assertArrayEquals(new int[] {4, 84, 84}, Npy.read(dir.resolve("inputs.npy")).shape());
        assertArrayEquals(new int[] {4, 11, 11}, Npy.read(dir.resolve("actor_grid.npy")).shape());
        assertArrayEquals(new int[] {4, 210, 160, 3}, Npy.read(dir.resolve("frames.npy")).shape());
        assertEquals(5, Files.readAllLines(dir.resolve("steps.csv")).size());
    }
}
