package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --agent takes a file or a bundled name, and a game's bundled agent is the default. */
class BundledAgentsTest {
    @TempDir
    Path home;

    @Test
    void namesFilesAndTheGamesDefault() throws Exception {
        String before = System.getProperty("atari.home");
        System.setProperty("atari.home", home.toString());
        try {
            assertTrue(BundledAgents.list().isEmpty());
            InvalidSettingException none = assertThrows(InvalidSettingException.class, () -> BundledAgents.resolve(null, "Pong-v4"));
            assertEquals("agent", none.setting());
            assertTrue(none.getMessage().contains("none is bundled yet"), none.getMessage());
            Path models = Files.createDirectories(home.resolve("models"));
            Files.copy(TestAssets.agent("pong-v4", 40), models.resolve("pong.pt"));
            Files.writeString(models.resolve("pong.json"), "{\"name\": \"pong\", \"game\": \"Pong-v4\", \"file\": \"pong.pt\", \"arch\": \"gru\"}");
            assertEquals(models.resolve("pong.pt"), BundledAgents.resolve(null, "Pong-v4"));
            assertEquals(models.resolve("pong.pt"), BundledAgents.resolve(null, "ALE/Pong-v5"));
            assertEquals(models.resolve("pong.pt"), BundledAgents.resolve("pong", null));
            Path file = TestAssets.agent("pong-v4", 80);
            assertEquals(file, BundledAgents.resolve(file.toString(), "Pong-v4"));
            NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> BundledAgents.resolve("ponk", "Pong-v4"));
            assertTrue(missing.getMessage().contains("bundled: pong"), missing.getMessage());
            assertThrows(InvalidSettingException.class, () -> BundledAgents.resolve(null, "Breakout-v4"));
            assertEquals("off", BundledAgents.hintsOf(models.resolve("pong.pt")));
            // a hinted student sorts before pong.json but is not the game's default; it plays with its own hints by default
            Files.copy(TestAssets.agent("pong-v4", 80), models.resolve("pong-control.pt"));
            Files.writeString(models.resolve("pong-control.json"), "{\"name\": \"pong-control\", \"game\": \"Pong-v4\", \"file\": \"pong-control.pt\","
                    + " \"hints\": \"random\"}");
            assertEquals(models.resolve("pong.pt"), BundledAgents.resolve(null, "Pong-v4"));
            assertEquals("random", BundledAgents.hintsOf(models.resolve("pong-control.pt")));
            assertEquals("random", BundledAgents.hintsOf(BundledAgents.resolve("pong-control", null)));
            assertEquals("off", BundledAgents.hintsOf(file));
        } finally {
            if (before == null) {
                System.clearProperty("atari.home");
            } else {
                System.setProperty("atari.home", before);
            }
        }
    }
}
