package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void writesCsvSummaryAndChart() throws Exception {
        Path out = tmp.resolve("mem");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new String[] {"memory", "--agent", TestAssets.agent("breakout-v4", 80).toString(), "--game", "Breakout-v4",
            "--frames", "40", "--stride", "10", "--recovery-every", "10", "--ablation-episodes", "1", "--ablation-max-steps", "60",
            "--ablation-periods", "1,0", "--out", out.toString(), "--quiet"}, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, code, e.toString());
        List<String> csv = Files.readAllLines(out.resolve("memory.csv"));
        assertEquals(41, csv.size());
        assertTrue(csv.get(0).startsWith("step,action,action_name,value,reward,lives,life_lost,contact,opponent_contact,h_scale_actor"), csv.get(0));
        String summary = Files.readString(out.resolve("summary.json"));
        for (String key : new String[] {"\"reliance\"", "\"peak_to_median\"", "\"contact_test\"", "\"p_value\"", "\"top_units\"", "\"recovery\"",
            "\"ablation\"", "\"reset_every\": \"1\"", "\"reset_every\": \"never\"", "\"agent_sha256\"", "\"image_saliency_contact_test\""}) {
            assertTrue(summary.contains(key), key + " missing: " + summary);
        }
        byte[] png = Files.readAllBytes(out.resolve("memory.png"));
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        assertTrue(Files.readString(out.resolve("memory.svg")).contains("<svg"), "the SVG beside the PNG");
    }

    @Test
    void anAgentWithoutTheGamesActionsIsRefused() {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new String[] {"memory", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Breakout-v4",
            "--out", tmp.resolve("x").toString()}, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(ExitCodes.MISSING_OR_MISMATCH, code);
        assertTrue(e.toString().contains("has 6 actions but the game has 4"), e.toString());
    }

    @Test
    void summaryRecordsEveryDeclaredSettingAndTheGameAsPlayed() throws Exception {
        Path out = tmp.resolve("declared");
        CliTest.Run r = CliTest.run("memory", "--game", "Pong-v4", "--frames", "2", "--stride", "16", "--ablation-episodes", "0", "--top-k", "3",
                "--kl", "0.02", "--contact-draws", "500", "--sticky", "0.25", "--frame-skip", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String summary = Files.readString(out.resolve("summary.json"));
        for (String key : new String[] {"\"frame_skip\": \"2\"", "\"repeat_action_probability\": 0.25", "\"top_k\": 3", "\"kl\": 0.02",
            "\"memory_scale\": 0.99", "\"policy\": \"sample\"", "\"window\": 2", "\"recovery_every\": 40", "\"recovery_max\": 300",
            "\"contact_draws\": 500", "(500 draws), p = (1 + #null >= observed) / 501"}) {
            assertTrue(summary.contains(key), key + " missing: " + summary);
        }
        com.fasterxml.jackson.databind.JsonNode units = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary).get("top_units");
        units.forEach(part -> assertEquals(3, part.size(), "--top-k 3 applied: " + units));
    }
}
