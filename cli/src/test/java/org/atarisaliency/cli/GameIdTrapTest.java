package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.agents.sb3.Sb3Python;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.pipelines.CleanRlAgents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An agent given a game id that is not how it was trained is refused in one line naming the id to use
 * (pipelines {@code Game.asTrained}, the one rule of every command that plays): SB3/CleanRL agents on an id
 * with a frame skip of its own, the bundled A3C agents on a NoFrameskip id.
 */
class GameIdTrapTest {
    @TempDir
    static Path tmp;
    static Path cleanrl;

    @BeforeAll
    static void agents() throws Exception {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        cleanrl = CleanRlAgents.writePpo(tmp.resolve("ppo.cleanrl_model"));
    }

    private static void refused(CliTest.Run r, String use) {
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, r.code(), r.err());
        String e = r.err().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("is not how this agent was trained") && e.endsWith("; use --game " + use), e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pong-v4", "pong", "PongDeterministic-v4", "ALE/Pong-v5", "Pong-v0"})
    void aCleanRlAgentOnAnIdWithItsOwnSkipIsRefused(String id) {
        CliTest.Run r = CliTest.run("evaluate", "--agent", cleanrl.toString(), "--game", id, "--episodes", "1", "--max-steps", "5", "--quiet");
        refused(r, "PongNoFrameskip-v4");
        assertTrue(r.err().contains("CleanRL Atari agents learn on PongNoFrameskip-v4 through SB3's AtariWrapper"), r.err());
    }

    @Test
    void aFrameSkipOverrideOnANoFrameskipIdIsRefusedToo() {
        refused(CliTest.run("record", "--agent", cleanrl.toString(), "--game", "PongNoFrameskip-v4", "--frame-skip", "4", "--frames", "2",
                "--out", tmp.resolve("x.mp4").toString()), "PongNoFrameskip-v4");
        assertTrue(Files.notExists(tmp.resolve("x.mp4")));
    }

    @Test
    void onANoFrameskipIdTheWrapperIsAppliedAndTheRunSaysSo() {
        CliTest.Run r = CliTest.run("evaluate", "--agent", cleanrl.toString(), "--game", "PongNoFrameskip-v4", "--episodes", "1",
                "--max-steps", "5", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"frame_skip\": \"4, max of the last two screens\""), r.out());
        assertTrue(r.out().contains("\"episode_start\": \"FIRE then action 2 (SB3 FireResetEnv)\""), r.out());
    }

    @Test
    void theBundledA3cAgentOnANoFrameskipIdIsRefused() {
        refused(CliTest.run("evaluate", "--agent", "pong", "--game", "PongNoFrameskip-v4", "--episodes", "1", "--quiet"), "Pong-v4");
    }

    @Test
    void anExperimentIsRefusedBeforeAnyJob() throws Exception {
        Path config = tmp.resolve("trap.yaml");
        Files.writeString(config, "experiment: trap\nagents:\n  - {label: c, file: " + cleanrl + ", game: PongDeterministic-v4}\n"
                + "outputs:\n  evaluate: {episodes: 1}\n");
        CliTest.Run r = CliTest.run("run", config.toString(), "--out", tmp.resolve("runs").toString(), "--dry-run");
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("use game PongNoFrameskip-v4"), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
    }

    @Test
    void aRealSb3AgentOnPongV4IsRefused() throws Exception {
        Sb3Python.requireOrSkip("torch, stable_baselines3, ale_py");
        Path dir = Files.createDirectories(tmp.resolve("sb3"));
        Sb3Python.Result made = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/sb3_agents.py").toString(), dir.toString(), "ppo");
        assertEquals(0, made.exit(), made.out());
        CliTest.Run r = CliTest.run("memory", "--agent", dir.resolve("ppo.zip").toString(), "--game", "Pong-v4", "--frames", "4",
                "--out", tmp.resolve("mem").toString());
        refused(r, "PongNoFrameskip-v4");
        assertTrue(r.err().contains("Stable-Baselines3 Atari agents learn on"), r.err());
    }
}
