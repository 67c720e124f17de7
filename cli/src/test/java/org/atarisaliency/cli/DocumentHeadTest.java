package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.pipelines.Game;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's output document begins with the same head, assembled in one place
 * ({@code Provenance.document}): tool, creation time, agent and its sha256, system, the command,
 * the game as played, then the settings; each command's own results follow.
 */
class DocumentHeadTest {
    @TempDir
    static Path tmp;

    private static final String AGENT = TestAssets.agent("pong-v4", 80).toString();

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void sanityMemoryInterveneAndEvaluateShareOneHead() throws Exception {
        CliTest.Run sanity = CliTest.run("sanity", "--agent", AGENT, "--game", "Pong-v4", "--frames", "1", "--skip", "0", "--stride", "16",
                "--steps", "2", "--json", "--quiet", "--out", tmp.resolve("sanity").toString());
        assertEquals(0, sanity.code(), sanity.err());
        assertHead(new ObjectMapper().readTree(sanity.out()), "sanity", true);

        CliTest.Run memory = CliTest.run("memory", "--agent", AGENT, "--game", "Pong-v4", "--frames", "2", "--stride", "16",
                "--ablation-episodes", "0", "--out", tmp.resolve("memory").toString(), "--quiet");
        assertEquals(0, memory.code(), memory.err());
        assertHead(new ObjectMapper().readTree(tmp.resolve("memory/summary.json").toFile()), "memory", true);

        CliTest.Run intervene = CliTest.run("intervene", "--agent", AGENT, "--game", "Pong-v4", "--frames", "2", "--skip", "30", "--stride", "16",
                "--out", tmp.resolve("intervene").toString(), "--quiet");
        assertEquals(0, intervene.code(), intervene.err());
        assertHead(new ObjectMapper().readTree(tmp.resolve("intervene/summary.json").toFile()), "intervene", true);

        // evaluate's settings lie at the top level, after the same head
        CliTest.Run evaluate = CliTest.run("evaluate", "--agent", AGENT, "--game", "Pong-v4", "--episodes", "1", "--max-steps", "5", "--json",
                "--quiet");
        assertEquals(0, evaluate.code(), evaluate.err());
        assertHead(new ObjectMapper().readTree(evaluate.out()), "evaluate", false);
    }

    private static void assertHead(JsonNode doc, String command, boolean settings) throws Exception {
        List<String> head = new ArrayList<>(List.of("tool", "created", "agent", "agent_sha256", "system", "command"));
        head.addAll(Game.find("Pong-v4").provenance().keySet());
        if (settings) {
            head.add("settings");
        }
        List<String> keys = new ArrayList<>();
        doc.fieldNames().forEachRemaining(keys::add);
        assertEquals(head, keys.subList(0, Math.min(head.size(), keys.size())), command + "'s document head: " + keys);
        assertEquals(command, doc.get("command").asText());
        assertEquals(AGENT, doc.get("agent").asText());
    }
}
