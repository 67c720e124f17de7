package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.ScreenRegion;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.saliency.counterfactual.InterventionTrials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The shortcut test on a real agent and ROM, its refusals, and its two statistics on maps and agents made to know the answer. */
class ShortcutTest {
    @TempDir
    Path tmp;

    private static Game game(String id) throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve(id, loc.availableRoms());
        return new Game(spec, loc.find(spec.rom()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scoresBothGamesAndReadsEachMapOnTheObjects() throws Exception {
        Path dir = tmp.resolve("sc");
        Shortcut.Settings s = new Shortcut.Settings(TestAssets.agent("pong-v4", 80), game("Pong-v4"), 0, Shortcut.DECLARATION.values(Map.of(
                "episodes", 2, "max_steps", 300, "frames", 4, "skip", 60, "interval", 2, "stride", 10)), dir);
        Shortcut.Result r = Shortcut.run(s, "pong-80M", (text, f) -> { });
        assertEquals("enemy", r.object(), "lazy_enemy changes the enemy");
        assertEquals(2, r.original().length);
        assertEquals(2, r.varied().length);
        double mean = Arrays.stream(r.original()).average().orElseThrow() - Arrays.stream(r.varied()).average().orElseThrow();
        assertEquals(mean, r.drop().value(), 1e-9);
        double published = Arrays.stream(r.original()).average().orElseThrow();
        assertEquals(mean / (published + 21), r.relativeDrop(), 1e-9, "the drop over the margin above Pong's -21");
        assertTrue(r.reliance().containsKey("perturbation_actor") && r.reliance().containsKey("jacobian_chosen") && r.reliance().containsKey("random"),
                r.reliance().keySet().toString());
        for (Shortcut.Estimate e : r.reliance().values()) {
            assertTrue(e.value() >= 0 && e.value() <= 1 && e.n() >= 1 && e.n() <= 4, e.toString());
        }
        for (String f : List.of("summary.json", "scores.csv", "objects.csv", "shortcut.png", "shortcut.svg", "intervene/summary.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        Map<String, Object> summary = new Yaml().load(Files.readString(dir.resolve("summary.json"), StandardCharsets.UTF_8));
        assertEquals("lazy_enemy", summary.get("variant"));
        assertEquals(List.of("ball", "player", "enemy"), summary.get("objects"));
        assertEquals("lazy_enemy", ((Map<String, Object>) summary.get("settings")).get("variant"));
        assertEquals(r.drop().value(), ((Number) ((Map<String, Object>) ((Map<String, Object>) summary.get("scores")).get("drop")).get("value"))
                .doubleValue(), 1e-9);
        List<String> scores = Files.readAllLines(dir.resolve("scores.csv"), StandardCharsets.UTF_8);
        assertEquals(List.of("game,episode,score", "original,1," + r.original()[0]), scores.subList(0, 2));
        assertEquals("lazy_enemy,1," + r.varied()[0], scores.get(3));
        Map<String, Object> intervene = new Yaml().load(Files.readString(dir.resolve("intervene/summary.json"), StandardCharsets.UTF_8));
        assertEquals("none", ((Map<String, Object>) intervene.get("settings")).getOrDefault("variant", "none"),
                "the interventions play the published game");
    }

    @Test
    void refusesWhatItCannotMeasure() throws Exception {
        Path agent = TestAssets.agent("pong-v4", 80), dir = tmp.resolve("x");
        Game pong = game("Pong-v4");
        InvalidSettingException none = assertThrows(InvalidSettingException.class, () -> new Shortcut.Settings(agent, pong, 0,
                Shortcut.DECLARATION.values(Map.of("variant", "none")), dir));
        assertTrue(none.getMessage().contains("compares the game with a variant"), none.getMessage());
        InvalidSettingException object = assertThrows(InvalidSettingException.class, () -> new Shortcut.Settings(agent, pong, 0,
                Shortcut.DECLARATION.values(Map.of("object", "paddle")), dir));
        assertTrue(object.getMessage().contains("ball, player, enemy"), object.getMessage());
        InvalidSettingException bullets = assertThrows(InvalidSettingException.class, () -> new Shortcut.Settings(
                TestAssets.agent("spaceinvaders-v4", 80), game("SpaceInvaders-v4"), 0, Shortcut.DECLARATION.values(Map.of("variant", "no_enemy_fire")),
                dir));
        assertTrue(bullets.getMessage().contains("changes no object") && bullets.getMessage().contains("player, invaders"), bullets.getMessage());
        assertThrows(InvalidSettingException.class, () -> new Shortcut.Settings(agent, pong.withVariants("lazy_enemy"), 0,
                Shortcut.DECLARATION.defaults(), dir));
        assertThrows(InvalidSettingException.class, () -> new Shortcut.Settings(agent, pong, 0,
                Shortcut.DECLARATION.values(Map.of("variant", "small_paddle")), dir), "a Breakout variant is not Pong's");
    }

    @Test
    void relianceIsTheObjectsShareOfDensity() {
        byte[] ram = new byte[128];
        ram[54] = (byte) 120; // ball y: screen rows 106..109
        ram[49] = (byte) 129; // ball x: columns 80..81
        ram[51] = (byte) 60;  // player y: rows 46..61, columns 140..143
        ram[50] = (byte) 150; // enemy y: rows 135..150, columns 16..19
        ShortcutObjects objects = new ShortcutObjects("pong", List.of("ball", "player", "enemy"), "enemy");
        float[] uniform = new float[80 * 80], onEnemy = new float[80 * 80];
        Arrays.fill(uniform, 1f);
        for (int r = (135 - 35) / 2; r <= (150 - 35) / 2; r++) {
            for (int c = 8; c <= 9; c++) {
                onEnemy[r * 80 + c] = 1f;
            }
        }
        InterventionTrials.Result trials = new InterventionTrials.Result(null, null, ram, null, 0, List.of(), false);
        objects.onStep(0, new java.util.LinkedHashMap<>(Map.of("uniform", uniform, "enemy", onEnemy)), trials, 80, ScreenRegion.A3C);
        assertEquals(1.0 / 3, objects.reliance().get("uniform").value(), 1e-6, "a map that favours no object gives it a third");
        assertEquals(1.0, objects.reliance().get("enemy").value(), 1e-6, "a map on the enemy alone gives it all");
        assertEquals(1, objects.reliance().get("enemy").n());
    }

    @Test
    void comparisonRanksRelianceAgainstTheDrop() {
        List<Shortcut.Result> agents = List.of(agent("a", 0.2, 0.9, 1), agent("b", 0.4, 0.7, 5), agent("c", 0.6, 0.5, 20), agent("d", 0.8, 0.3, 30),
                agent("e", 0.9, 0.1, 35));
        ShortcutComparison.Result c = ShortcutComparison.of(agents);
        assertEquals(1.0, c.spearman().get("seeing").value(), 1e-12, "a map whose reliance rises with the drop");
        assertEquals(-1.0, c.spearman().get("blind").value(), 1e-12);
        assertEquals(5, c.spearman().get("seeing").n());
        assertTrue(c.spearman().get("seeing").low() < 1 && Double.isFinite(c.spearman().get("blind").high()), "5 agents have an interval");
        assertEquals(1.0, c.spearman().get(ShortcutComparison.MOVED).value(), 1e-12);
        assertEquals(1.0, c.spearmanRelative().get("seeing").value(), 1e-12);
    }

    private static Shortcut.Result agent(String label, double seeing, double blind, double drop) {
        Shortcut.Estimate none = new Shortcut.Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        return new Shortcut.Result(label, "lazy_enemy", "enemy", new double[] {drop}, new double[] {0}, new Shortcut.Estimate(drop, Double.NaN, Double.NaN, 2),
                drop / 40, Map.of("seeing", new Shortcut.Estimate(seeing, 0, 1, 10), "blind", new Shortcut.Estimate(blind, 0, 1, 10)), Map.of("enemy", none),
                seeing, 10, 1);
    }
}
