package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --variant} on memory, intervene, sanity and hint-test: each plays the variant (its output differs from the
 * published game's, with the same seed) and records it, and an unknown variant is one line, exit 2.
 */
class PlayingVariantsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static String[] args(String[] command, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(command));
        all.addAll(Arrays.asList(more));
        return all.toArray(new String[0]);
    }

    private String[] sanity(String out) {
        return new String[] {"sanity", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "1", "--skip", "40", "--stride", "16",
            "--steps", "2", "--shifts", "0.1", "--quiet", "--out", tmp.resolve(out).toString()};
    }

    private String[] memory(String out) {
        return new String[] {"memory", "--game", "Pong-v4", "--frames", "30", "--stride", "16", "--ablation-episodes", "0", "--quiet", "--out",
            tmp.resolve(out).toString()};
    }

    private String[] intervene(String out) {
        return new String[] {"intervene", "--agent", CliTest.pong(), "--game", "Pong-v4", "--frames", "6", "--skip", "30", "--stride", "16",
            "--quiet", "--out", tmp.resolve(out).toString()};
    }

    private static String[] hintTest() {
        return new String[] {"hint-test", "--agent", CliTest.pong(), "--expert", CliTest.pong(), "--game", "Pong-v4", "--episodes", "1",
            "--max-steps", "60", "--frames", "30", "--stride", "16", "--json", "--quiet"};
    }

    // the published game draws the enemy from about step 20 on: the frames explained come after that

    @Test
    void anUnknownVariantIsOneLineOnEveryCommandThatPlays() {
        for (String[] command : List.of(sanity("s"), memory("m"), intervene("i"), hintTest())) {
            CliTest.refused(CliTest.run(args(command, "--variant", "lazy_ball")), "--variant", "lazy_ball", "lazy_enemy");
        }
        CliTest.refused(CliTest.run("intervene", "--agent", org.atarisaliency.agents.TestAssets.agent("breakout-v4", 80).toString(), "--game",
                "Breakout-v4", "--variant", "lazy_enemy", "--out", tmp.resolve("b").toString()), "--variant", "not a variant of breakout");
        assertFalse(Files.exists(tmp.resolve("b")), "nothing written");
    }

    /** Runs both commands (the published game, a variant) and checks that each ran and that the variant changed {@code plainFile}. */
    private static void playsAndRecords(String[] plain, String[] hidden, Path plainFile, Path hiddenFile) throws Exception {
        CliTest.Run p = CliTest.run(plain), h = CliTest.run(hidden);
        assertEquals(0, p.code(), p.err());
        assertEquals(0, h.code(), h.err());
        assertFalse(Arrays.equals(Files.readAllBytes(plainFile), Files.readAllBytes(hiddenFile)),
                plainFile.getFileName() + " is the same with the enemy hidden: the variant was not played");
    }

    private static String settingOf(Path json) throws Exception {
        return findVariant(new ObjectMapper().readTree(json.toFile()));
    }

    /** The "variant" recorded anywhere in a JSON document, or null. */
    private static String findVariant(JsonNode n) {
        JsonNode v = n.findValue("variant");
        return v == null ? null : v.asText();
    }

    @Test
    void sanityPlaysAndRecordsTheVariant() throws Exception {
        String[] hidden = args(sanity("hidden"), "--variant", "hidden_enemy");
        playsAndRecords(sanity("plain"), hidden, tmp.resolve("plain/inputs.npy"), tmp.resolve("hidden/inputs.npy"));
        assertEquals("none", settingOf(tmp.resolve("plain/sanity.json")));
        assertEquals("hidden_enemy", settingOf(tmp.resolve("hidden/sanity.json")));
    }

    @Test
    void memoryPlaysAndRecordsTheVariant() throws Exception {
        String[] hidden = args(memory("hidden"), "--variant", "hidden_enemy");
        playsAndRecords(memory("plain"), hidden, tmp.resolve("plain/memory.csv"), tmp.resolve("hidden/memory.csv"));
        assertEquals("none", settingOf(tmp.resolve("plain/summary.json")));
        assertEquals("hidden_enemy", settingOf(tmp.resolve("hidden/summary.json")));
    }

    @Test
    void hintTestPlaysAndRecordsTheVariant() throws Exception {
        CliTest.Run plain = CliTest.run(hintTest()), hidden = CliTest.run(args(hintTest(), "--variant", "hidden_enemy"));
        assertEquals(0, hidden.code(), hidden.err());
        JsonNode p = new ObjectMapper().readTree(plain.out()), h = new ObjectMapper().readTree(hidden.out());
        assertEquals("none", findVariant(p));
        assertEquals("hidden_enemy", findVariant(h));
        // both conditions' saliency frames come from the game with the enemy hidden
        assertTrue(p.findValues("total_mass").size() == 2 && !p.findValues("total_mass").equals(h.findValues("total_mass")),
                p.findValues("total_mass") + " vs " + h.findValues("total_mass"));
    }

    private static List<String> names(JsonNode summary) {
        List<String> out = new ArrayList<>();
        summary.get("interventions").forEach(iv -> out.add(iv.get("name").asText()));
        return out;
    }

    /**
     * A variant that holds the enemy every frame (frozen_enemy) would undo a move of it: intervene leaves those moves out and
     * says so; lazy_enemy keeps what the RAM held, so the enemy's moves stay and take.
     */
    @Test
    void interveneLeavesOutTheMovesOfAnObjectTheVariantHolds() throws Exception {
        String[] plain = intervene("plain"), frozen = args(intervene("frozen"), "--variant", "frozen_enemy");
        playsAndRecords(plain, frozen, tmp.resolve("plain/interventions.csv"), tmp.resolve("frozen/interventions.csv"));
        ObjectMapper json = new ObjectMapper();
        JsonNode p = json.readTree(tmp.resolve("plain/summary.json").toFile()), f = json.readTree(tmp.resolve("frozen/summary.json").toFile());
        assertTrue(names(p).containsAll(List.of("enemy.y+8", "enemy.y-8")), names(p).toString());
        assertFalse(names(f).contains("enemy.y+8") || names(f).contains("enemy.y-8"), names(f).toString());
        assertTrue(names(f).containsAll(List.of("ball.x+8", "player.y-8")), "the other objects' moves stay: " + names(f));
        assertEquals("frozen_enemy", f.findValue("interventions_left_out").get("enemy.y+8").asText(), f.toString());
        assertEquals("frozen_enemy", findVariant(f));
        assertTrue(p.findValue("interventions_left_out") == null, "nothing left out without a variant");

        assertEquals(0, CliTest.run(args(intervene("lazy"), "--variant", "lazy_enemy")).code());
        JsonNode l = json.readTree(tmp.resolve("lazy/summary.json").toFile());
        int took = 0;
        for (JsonNode iv : l.get("interventions")) {
            took += iv.get("name").asText().startsWith("enemy.y") ? iv.get("took").asInt() : 0;
        }
        assertTrue(took > 0, "the enemy's moves take under the lazy enemy: " + l.get("interventions"));
        assertTrue(l.findValue("interventions_left_out") == null);
    }
}
