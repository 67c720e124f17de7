package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
