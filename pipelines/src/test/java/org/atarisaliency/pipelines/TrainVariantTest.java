package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The training control of the shortcut test: a variant in a share of the environments, and a run that starts from an agent's weights. */
class TrainVariantTest {
    @TempDir
    Path tmp;

    private static Game pong() throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        return new Game(spec, loc.find(spec.rom()));
    }

    private Train.Settings settings(Map<String, Object> values, Path init) throws Exception {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("frames", 40, "envs", 4, "steps", 5));
        m.putAll(values);
        return new Train.Settings(pong(), 3, Train.DECLARATION.values(m), true, 60, tmp.resolve("run"), false, init);
    }

    @Test
    void theShareOfEnvironmentsPlaysTheVariant() throws Exception {
        List<GameSpec> games = settings(Map.of("variant", "lazy_enemy", "variant_share", 0.5), null).gamesPerEnvironment();
        assertEquals(List.of("lazy_enemy", "lazy_enemy", "", ""), games.stream().map(g -> String.join(",", g.variants().stream()
                .map(v -> v.name()).toList())).toList());
        assertTrue(settings(Map.of(), null).gamesPerEnvironment().stream().allMatch(g -> g.variants().isEmpty()));
        assertEquals(4, settings(Map.of("variant", "lazy_enemy"), null).variantEnvs(), "the whole run by default");
    }

    /** A run recorded before the variant settings existed ran the published game: it resumes as such, and not as a variant. */
    @Test
    @SuppressWarnings("unchecked")
    void aRunRecordedBeforeVariantsResumesAsThePublishedGame() throws Exception {
        Path out = tmp.resolve("run");
        Train.run(settings(Map.of(), null), Train.defaultEngine(), (p, b) -> { });
        Path runJson = out.resolve("run.json");
        Map<String, Object> run = new Yaml().load(Files.readString(runJson, StandardCharsets.UTF_8));
        ((Map<String, Object>) run.get("settings")).keySet().removeAll(List.of("variant", "variant_share"));
        Files.writeString(runJson, Json.write(run), StandardCharsets.UTF_8);
        Train.Settings again = new Train.Settings(pong(), 3, Train.DECLARATION.values(Map.of("frames", 40, "envs", 4, "steps", 5)), true, 60, out,
                true, null);
        Train.run(again, Train.defaultEngine(), (p, b) -> { });
        Train.Settings varied = new Train.Settings(pong(), 3, Train.DECLARATION.values(Map.of("frames", 40, "envs", 4, "steps", 5,
                "variant", "lazy_enemy")), true, 60, out, true, null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Train.run(varied, Train.defaultEngine(), (p, b) -> { }));
        assertTrue(e.getMessage().contains("lazy_enemy") && e.getMessage().contains("used none"), e.getMessage());
    }

    @Test
    void refusesAShareItCannotApply() {
        InvalidSettingException alone = assertThrows(InvalidSettingException.class, () -> settings(Map.of("variant_share", 0.5), null));
        assertTrue(alone.getMessage().contains("needs a variant"), alone.getMessage());
        InvalidSettingException none = assertThrows(InvalidSettingException.class, () -> settings(Map.of("variant", "lazy_enemy",
                "variant_share", 0.1), null));
        assertTrue(none.getMessage().contains("none of them"), none.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void startsFromTheGivenWeightsAndRecordsThem() throws Exception {
        Path init = TestRoms.projectRoot().resolve("models/pong.pt");
        Train.Result r = Train.run(settings(Map.of("variant", "lazy_enemy", "variant_share", 0.5, "lr", 1e-7), init), Train.defaultEngine(),
                (p, b) -> { });
        Map<String, Object> run = new Yaml().load(Files.readString(tmp.resolve("run/run.json"), StandardCharsets.UTF_8));
        Map<String, Object> s = (Map<String, Object>) run.get("settings");
        assertEquals("pong.pt", s.get("init"));
        assertEquals(Agents.sha256(init), s.get("init_sha256"));
        assertEquals(2, s.get("variant_envs"));
        assertEquals("lazy_enemy", s.get("variant"));
        // at a learning rate of 1e-7 two updates leave the weights where they started: the agent's, not the seed's
        var before = ActorCriticWeights.read(init).toStateDict();
        var after = ActorCriticWeights.read(r.model()).toStateDict();
        double most = 0;
        boolean moved = false;
        for (String k : before.keySet()) {
            float[] a = before.get(k).values(), b = after.get(k).values();
            for (int i = 0; i < a.length; i++) {
                most = Math.max(most, Math.abs(a[i] - b[i]));
                moved |= a[i] != b[i];
            }
        }
        assertTrue(most < 1e-4, "the run started from the agent's weights (largest change " + most + ")");
        assertTrue(moved, "and trained them");
        Path lstm = TestRoms.projectRoot().resolve("models/pong-lstm.pt");
        Path out = tmp.resolve("wrong");
        InvalidSettingException wrong = assertThrows(InvalidSettingException.class, () -> Train.run(new Train.Settings(pong(), 3,
                Train.DECLARATION.values(Map.of("frames", 40, "envs", 2, "steps", 5)), true, 60, out, false, lstm), Train.defaultEngine(), (p, b) -> { }));
        assertTrue(wrong.getMessage().contains("lstm network"), wrong.getMessage());
    }
}
