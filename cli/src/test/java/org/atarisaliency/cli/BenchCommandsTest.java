package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.pipelines.BenchSaliency;
import org.atarisaliency.pipelines.BenchTrain;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The benchmarks' JSON records every declared setting as the run applied it (given ones and
 * defaults), and bench train still compares with the PyTorch peer in the same run.
 */
class BenchCommandsTest {
    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void benchSaliencyJsonRecordsEverySetting() throws Exception {
        CliTest.Run r = CliTest.run("bench", "saliency", "--game", "Pong-v4", "--frames", "1", "--warmup", "0", "--jit-warmup", "0", "--skip", "3",
                "--stride", "16", "--no-torch", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertRecordsEverySetting(BenchSaliency.DECLARATION, m.get("settings"));
        assertEquals(3, m.get("settings").get("skip").asInt());
        assertEquals(0, m.get("settings").get("jit_warmup").asInt());
        assertEquals(16, m.get("stride").asInt(), "the figures' own keys stay");
        assertTrue(m.get("seconds_per_frame").asDouble() > 0, r.out());
    }

    @Test
    void benchTrainJsonRecordsEverySetting() throws Exception {
        CliTest.Run r = CliTest.run("bench", "train", "--envs", "2", "--steps", "3", "--updates", "1", "--no-torch", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertRecordsEverySetting(BenchTrain.DECLARATION, m.get("settings"));
        assertEquals(1, m.get("settings").get("updates").asInt());
        assertEquals(2, m.get("envs").asInt(), "the figures' own keys stay");
        assertTrue(m.get("learner_samples_per_second").asDouble() > 0, r.out());
    }

    @Test
    @EnabledIf("torchInstalled")
    void benchTrainComparesWithThePyTorchPeer() throws Exception {
        CliTest.Run r = CliTest.run("bench", "train", "--envs", "2", "--steps", "3", "--updates", "1", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertTrue(m.get("torch_learner_samples_per_second").asDouble() > 0, r.out());
        assertEquals(m.get("learner_samples_per_second").asDouble() / m.get("torch_learner_samples_per_second").asDouble(),
                m.get("ratio").asDouble(), 1e-9);
    }

    @Test
    @EnabledIf("torchInstalled")
    void benchTrainPpoPrintsLearnerAndLoopNextToPyTorch() throws Exception {
        CliTest.Run r = CliTest.run("bench", "train", "--algo", "ppo", "--envs", "2", "--steps", "4", "--updates", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.contains("(ppo cnn, 2 x 4 per update epoch"), out);
        assertTrue(out.contains("agent steps/s on PongNoFrameskip-v4 (collect + update: 4 epochs)"), out);
        assertTrue(out.contains("agent steps/s (same loop: ale-py, SB3's wrappers, CleanRL's frames)"), out);
        Matcher ratio = Pattern.compile("ratio +(\\d+\\.\\d+)x learner, (\\d+\\.\\d+)x loop \\(ours / torch\\)").matcher(out);
        assertTrue(ratio.find(), out);
        assertTrue(Double.parseDouble(ratio.group(1)) > 0 && Double.parseDouble(ratio.group(2)) > 0, out);
        assertTrue(out.contains("machine  ") && out.contains(" cores, Java "), out);
    }

    @Test
    void benchTrainPpoLstmRecordsItsSettings() throws Exception {
        CliTest.Run r = CliTest.run("bench", "train", "--algo", "ppo", "--arch", "lstm", "--envs", "4", "--steps", "1", "--updates", "1",
                "--no-torch", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        assertRecordsEverySetting(BenchTrain.DECLARATION, m.get("settings"));
        assertEquals("lstm", m.get("settings").get("arch").asText());
        assertEquals("PongNoFrameskip-v4", m.get("game").asText());
        assertTrue(m.get("learner_samples_per_second").asDouble() > 0 && m.get("agent_steps_per_second").asDouble() > 0, r.out());
    }

    @Test
    void benchTrainPpoTakesCleanRlsDefaultsForTheSettingsNotGiven() {
        assertEquals(Map.of("arch", "cnn", "envs", 8L, "steps", 128L), BenchTrain.defaultsFor("ppo"));
        assertEquals(Map.of(), BenchTrain.defaultsFor("a2c"));
    }

    @Test
    void benchTrainRefusesAnArchTheAlgorithmDoesNotTime() throws Exception {
        CliTest.Run ppo = CliTest.run("bench", "train", "--algo", "ppo", "--arch", "gru", "--envs", "2", "--steps", "2", "--no-torch", "--quiet");
        assertEquals(2, ppo.code(), ppo.err());
        assertTrue(ppo.err().contains("--arch") && ppo.err().strip().lines().count() == 1, ppo.err());
        CliTest.Run a2c = CliTest.run("bench", "train", "--arch", "cnn", "--envs", "2", "--steps", "2", "--no-torch", "--quiet");
        assertEquals(2, a2c.code(), a2c.err());
        assertTrue(a2c.err().contains("--arch"), a2c.err());
    }

    static boolean torchInstalled() {
        return Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/torch")) && Files.isExecutable(Path.of("/usr/bin/python3"));
    }

    private static void assertRecordsEverySetting(Declaration d, JsonNode settings) {
        assertTrue(settings != null && settings.isObject(), "no settings block");
        for (Setting<?> s : d.settings()) {
            assertTrue(settings.has(s.key()), "settings lack " + s.key() + ": " + settings);
        }
    }
}
