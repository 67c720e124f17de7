package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.sb3.Sb3Python;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memory} on the recurrent PPO agents people have: an sb3-contrib RecurrentPPO zip in RL Zoo's Atari setting
 * (frame stack 4, so its memory is the previous frames and the LSTM state) and a CleanRL ppo_atari_lstm file, both
 * made at test time by the real libraries (agents/src/test/python/recurrent_agents.py). A few frames each: the
 * outputs name the LSTM parts, the main part is the LSTM's cell state c, and the reset rule is in the provenance.
 * Skipped where the libraries are missing (see Sb3Python), failed instead with -Datari.sb3.required=true.
 */
class RecurrentPpoMemoryTest {
    private static Path agents;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeAgents() throws Exception {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        Sb3Python.requireOrSkip("torch, stable_baselines3, sb3_contrib, ale_py, cv2, cleanrl, yaml");
        agents = Files.createTempDirectory("recurrent-memory");
        Sb3Python.Result r = Sb3Python.run(TestRoms.projectRoot().resolve("agents/src/test/python/recurrent_agents.py").toString(),
                agents.toString(), "rppo_zoo", "cleanrl_lstm");
        assertEquals(0, r.exit(), "recurrent_agents.py failed:\n" + r.out());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Sb3Python.delete(agents);
    }

    @Test
    void memoryOfAnRlZooRecurrentPpoAgentOverAFrameStack() throws Exception {
        JsonNode summary = memory(agents.resolve("rppo_zoo.zip"), List.of("frames", "h", "c", "critic_h", "critic_c"));
        assertTrue(summary.toString().contains("memory reset only at game over (RL Zoo's ppo_lstm setting"), summary.toString());
    }

    @Test
    void memoryOfACleanRlPpoAtariLstmAgent() throws Exception {
        JsonNode summary = memory(agents.resolve("cleanrl_lstm.cleanrl_model"), List.of("h", "c"));
        assertTrue(summary.toString().contains("memory reset at each lost life (ppo_atari_lstm's EpisodicLifeEnv)"), summary.toString());
    }

    /** Runs {@code memory} for 3 frames and checks that memory.csv and summary.json name {@code parts}; returns the summary. */
    private JsonNode memory(Path agent, List<String> parts) throws Exception {
        Path out = tmp.resolve("memory");
        CliTest.Run r = CliTest.run("memory", "--agent", agent.toString(), "--game", "BreakoutNoFrameskip-v4", "--frames", "3",
                "--stride", "20", "--ablation-episodes", "0", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("memory.csv"));
        assertEquals(4, csv.size(), "a header and 3 steps");
        for (String part : parts) {
            assertTrue(csv.get(0).contains("," + part + "_scale_actor,"), part + " in " + csv.get(0));
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        List<String> named = new ArrayList<>();
        summary.get("memory_parts").forEach(p -> named.add(p.asText()));
        assertEquals(parts, named);
        assertEquals("c", summary.get("main_part").asText(), "the LSTM's cell state, as for our LSTM agents");
        for (String part : parts) {
            assertTrue(summary.get("top_units").has(part), part + " in top_units: " + summary.get("top_units"));
        }
        return summary;
    }
}
