package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class InterveneCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static int run(StringWriter o, StringWriter e, String... args) {
        return Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
    }

    @Test
    void writesCsvSummaryAndChartThatAgree() throws Exception {
        Path out = tmp.resolve("iv");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = run(o, e, "intervene", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "12",
            "--skip", "30", "--stride", "10", "--out", out.toString());
        assertEquals(0, code, e.toString());
        assertTrue(o.toString().contains("perturbation_actor"), o.toString());
        List<String> csv = Files.readAllLines(out.resolve("interventions.csv"));
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        int interventions = s.get("interventions").size();
        assertTrue(interventions >= 8, "Pong has at least the eight moves");
        assertEquals(1 + 12 * interventions, csv.size(), "one row per step and intervention");
        String[] header = csv.get(0).split(",");
        assertEquals("step", header[0]);
        int status = List.of(header).indexOf("status");
        long took = csv.stream().skip(1).filter(l -> l.split(",", -1)[status].equals("took")).count();
        long tookInSummary = 0;
        for (JsonNode iv : s.get("interventions")) {
            tookInSummary += iv.get("took").asLong();
            assertTrue(iv.get("took").asInt() + iv.get("did_not_take").asInt() == iv.get("applicable").asInt(), iv.toString());
        }
        assertEquals(took, tookInSummary);
        assertTrue(took > 20, "the ball moves take: " + took);
        assertEquals("intervene", s.get("command").asText());
        assertTrue(s.get("agent_sha256").asText().length() == 64);
        assertTrue(s.get("rom_md5").asText().length() == 32);
        assertEquals(9, s.get("methods").size(), "the A3C agent gets every method, Jacobian and input-relative included");
        assertTrue(s.toString().contains("\"method\":\"relative_actor\",\"explains\":\"actor\""), "input-relative actor explains the actor");
        for (JsonNode m : s.get("methods")) {
            assertEquals(took - m.get("outside_view").asLong(), m.get("n").asLong(), m.toString());
            double rho = m.get("spearman").asDouble();
            assertTrue(rho >= -1 && rho <= 1, m.toString());
        }
        // the scores lie above the A3C crop: the agent cannot see them, so changing them must not change the policy
        for (JsonNode iv : s.get("interventions")) {
            if (iv.get("name").asText().endsWith("score+1")) {
                assertEquals(iv.get("took").asInt(), iv.get("outside_view").asInt(), iv.toString());
                assertEquals(0.0, iv.get("outside_view_max_actor_change").asDouble(), iv.toString());
            }
        }
        // the same settings give the same rows
        Path again = tmp.resolve("again");
        assertEquals(0, run(new StringWriter(), new StringWriter(), "intervene", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game",
            "Pong-v4", "--frames", "12", "--skip", "30", "--stride", "10", "--out", again.toString(), "--quiet"));
        assertEquals(csv, Files.readAllLines(again.resolve("interventions.csv")));
        byte[] png = Files.readAllBytes(out.resolve("interventions.png"));
        assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        assertTrue(Files.readString(out.resolve("interventions.svg")).contains("<svg"), "the SVG beside the PNG");
    }

    /** Every game with an object model is accepted by its gym id (the ROM is space_invaders, snake case). */
    @Test
    void breakoutAndSpaceInvadersRunByTheirGymIds() throws Exception {
        for (String[] g : new String[][] {{"breakout-v4", "Breakout-v4", "bricks.delete-near"}, {"spaceinvaders-v4", "SpaceInvaders-v4",
            "invader.delete-near"}}) {
            Path out = tmp.resolve(g[0]);
            StringWriter o = new StringWriter(), e = new StringWriter();
            int code = run(o, e, "intervene", "--agent", TestAssets.agent(g[0], 80).toString(), "--game", g[1], "--frames", "3", "--skip", "40",
                "--stride", "10", "--out", out.toString(), "--quiet");
            assertEquals(0, code, e.toString());
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            boolean found = false;
            for (JsonNode iv : s.get("interventions")) {
                if (iv.get("name").asText().equals(g[2])) {
                    found = true;
                    assertEquals(3, iv.get("took").asInt(), iv.toString());
                }
            }
            assertTrue(found, g[2] + " missing: " + s.get("interventions"));
        }
    }

    @Test
    void aGameWithoutAnObjectModelIsRefusedInOneLine() throws Exception {
        Path out = tmp.resolve("none");
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = run(o, e, "intervene", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--shift", "0",
            "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, code, e.toString());
        assertTrue(e.toString().contains("shift must be 1..100") || e.toString().contains("shift"), e.toString());
        assertEquals(1, e.toString().strip().lines().count(), e.toString());
        assertFalse(Files.exists(out));
        StringWriter o2 = new StringWriter(), e2 = new StringWriter();
        code = run(o2, e2, "intervene", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--hints", "random",
            "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, code, e2.toString());
        assertTrue(e2.toString().contains("--hints cannot be used with interventions") && e2.toString().contains(": use --hints off"), e2.toString());
        StringWriter o3 = new StringWriter(), e3 = new StringWriter();
        code = run(o3, e3, "intervene", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Boxing-v4", "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, code, e3.toString());
        assertTrue(e3.toString().contains("no object model") && e3.toString().contains("Pong, Breakout, SpaceInvaders"), e3.toString());
        assertEquals(1, e3.toString().strip().lines().count(), e3.toString());
        assertFalse(Files.exists(out));
    }
}
