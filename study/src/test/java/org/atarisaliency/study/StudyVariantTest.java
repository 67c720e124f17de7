package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.atarisaliency.experiment.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's {@code variant:} in a study: its clips play the variant, study.json and the clip's run.json say so, bad names are refused. */
class StudyVariantTest {
    @TempDir
    Path dir;

    private Path yaml(String overfitVariant) throws Exception {
        String yaml = Files.readString(StudyConfigTest.EXAMPLE)
                .replace("../models/", StudyConfigTest.ROOT.resolve("models") + "/")
                .replace("frames: 300, start: 60, fps: 20, scale: 3", "frames: 4, start: 40, fps: 20, scale: 1")
                .replace("overfit: {file: " + StudyConfigTest.ROOT.resolve("models") + "/pong-overfit.pt, game: Pong-v4",
                        "overfit: {file: " + StudyConfigTest.ROOT.resolve("models") + "/pong-overfit.pt, game: Pong-v4, variant: " + overfitVariant);
        Path f = dir.resolve("variant.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** Enemy-coloured pixels in the enemy paddle's columns of the playfield of a still (scale 1). */
    private static int enemyPixels(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        int n = 0;
        for (int y = 34; y < 194; y++) {
            for (int x = 16; x < 20; x++) {
                n += (img.getRGB(x, y) & 0xffffff) == 0xd5824a ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void anAgentsClipsPlayItsVariantAndSaySo() throws Exception {
        StudyConfig c = StudyConfig.load(yaml("hidden_enemy"));
        assertEquals("hidden_enemy", c.agents().get("overfit").variant());
        assertEquals("none", c.agents().get("control").variant());
        Path out = dir.resolve("built");
        StudyBuild.build(c, out, false, (i, n, name, frame, frames) -> { });
        JsonNode agents = new ObjectMapper().readTree(out.resolve("study.json").toFile()).findValue("agents");
        assertEquals("hidden_enemy", agents.get("overfit").get("variant").asText(), agents.toString());
        assertFalse(agents.get("control").has("variant"), "a clip of the published game names no variant: " + agents);
        assertTrue(Files.readString(out.resolve("videos/overfit.plain.run.json")).contains("\"variant\": \"hidden_enemy\""));
        assertEquals(0, enemyPixels(out.resolve(ClipStills.FOLDER + "/overfit.plain.png")), "the enemy is hidden in the overfit agent's clip");
        assertTrue(enemyPixels(out.resolve(ClipStills.FOLDER + "/control.plain.png")) > 0, "and drawn in the control's");
    }

    @Test
    void anUnknownVariantOrOneTheGameLacksIsRefused() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.load(yaml("lazy_ball")));
        assertTrue(e.getMessage().contains("lazy_ball") && e.getMessage().contains("lazy_enemy"), e.getMessage());
        Path breakout = yaml("lazy_enemy");
        Files.writeString(breakout, Files.readString(breakout).replace("game: Pong-v4, variant", "game: Breakout-v4, variant"));
        e = assertThrows(ConfigException.class, () -> StudyConfig.load(breakout));
        assertTrue(e.getMessage().contains("not a variant of breakout") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
