package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CleanRL ppo_atari-shaped agent (random weights, written as a torch state dict) through the
 * recording pipeline: the Nature-CNN frame-stack policy gets 84x84 actor and critic maps and a
 * memory analysis of its three older frames, as RL4J's frame-stack agents do.
 */
class NatureCnnAgentTest {
    @TempDir
    static Path tmp;
    static Path agent;
    static Game game;

    @BeforeAll
    static void build() throws Exception {
        agent = CleanRlAgents.writePpo(tmp.resolve("ppo.cleanrl_model"));
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("PongDeterministic-v4", loc.availableRoms());
        game = new Game(spec, loc.find(spec.rom()));
    }

    @Test
    void onANoFrameskipIdTheAgentPlaysWithSb3sMaxPooledSkip() throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("PongNoFrameskip-v4", loc.availableRoms());
        Game raw = new Game(spec, loc.find(spec.rom()));
        Game g = raw.forAgent(agent);
        org.junit.jupiter.api.Assertions.assertTrue(g.spec().maxPoolLastTwo());
        org.junit.jupiter.api.Assertions.assertEquals(4, g.spec().frameSkipMin());
        org.junit.jupiter.api.Assertions.assertEquals(4, g.spec().frameSkipMax());
        org.junit.jupiter.api.Assertions.assertEquals("4, max of the last two screens", g.provenance().get("frame_skip"));
        try (var env = g.open(0)) {
            org.junit.jupiter.api.Assertions.assertTrue(env.maxPoolLastTwo(), "every env opened from the spec pools");
        }
        // an id with its own skip is refused, naming the id to use (GameIdTrapTest has every id); other agents are unchanged
        GameMismatchException e = org.junit.jupiter.api.Assertions.assertThrows(GameMismatchException.class, () -> game.forAgent(agent));
        org.junit.jupiter.api.Assertions.assertEquals("PongNoFrameskip-v4", e.use());
        Path a3c = org.atarisaliency.agents.TestAssets.agent("pong-v4", 80);
        org.junit.jupiter.api.Assertions.assertSame(raw, raw.forAgent(a3c));
    }

    @Test
    void recordWritesMapsAndMemoryOfTheFrameStack() throws Exception {
        String run = FrameStackAgentTest.recordSixFrames(agent, game, tmp, "clean", "critic");
        assertTrue(run.contains("CleanRL ppo_atari"), run);
        assertTrue(run.contains("\"preprocessing\": \"cleanrl: OpenCV INTER_AREA resize"), run);
    }
}
