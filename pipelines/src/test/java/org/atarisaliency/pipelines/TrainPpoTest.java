package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.train.PpoCollector;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** train with algo ppo: a short run writes everything, resumes exactly, its model.pt loads in PyTorch; what it cannot apply is refused. */
class TrainPpoTest {
    @TempDir
    Path tmp;

    private static Game breakout() {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Breakout-v4", loc.availableRoms());
        return new Game(spec, loc.find(spec.rom()));
    }

    private static Train.Settings settings(Path out, boolean resume, Map<String, Object> more) {
        Map<String, Object> m = new HashMap<>(Train.defaultsFor("ppo"));
        m.putAll(Map.of("algo", "ppo", "frames", 640, "envs", 4, "steps", 16));
        m.putAll(more);
        return new Train.Settings(breakout(), 5, Train.DECLARATION.values(m), true, 3600, out, resume);
    }

    @Test
    void aShortRunWritesEverythingAndResumesExactly() throws Exception {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split");
        Train.Result r = Train.run(settings(whole, false, Map.of()), null, (p, total) -> { });
        assertEquals(640, r.frames());
        for (String f : List.of("run.json", "train.csv", "learning_curve.png", "model.pt", "resume/trainer.json")) {
            assertTrue(Files.isRegularFile(whole.resolve(f)), f);
        }
        for (int pct = 0; pct <= 100; pct += 10) {
            assertTrue(Files.isRegularFile(whole.resolve(String.format("checkpoints/model.%03d.pt", pct))), "checkpoint " + pct);
        }
        List<String> rows = Files.readAllLines(whole.resolve("train.csv"));
        assertEquals(TrainPpo.CSV_HEADER.strip(), rows.get(0));
        assertEquals(11, rows.size(), "one row per update: 640 / (4 x 16)");
        Map<?, ?> run = new Yaml().load(Files.readString(whole.resolve("run.json")));
        Map<?, ?> st = (Map<?, ?>) run.get("settings");
        assertEquals("BreakoutNoFrameskip-v4", st.get("trained_game"));
        assertEquals("ppo", st.get("algo"));
        assertEquals("cnn", st.get("arch"));
        GameSpec played = TrainPpo.game(breakout().spec());
        assertEquals(played.frameSkipText(), st.get("frame_skip"), "the skip applied (NoFrameskip-v4's max-pooled 4), not Breakout-v4's 2-4");
        assertEquals(played.resetText(), st.get("episode_start"));

        Thread caller = Thread.currentThread();
        assertThrows(InterruptedException.class, () -> Train.run(settings(split, false, Map.of()), null, (p, total) -> {
            if (p.updates() == 4) {
                caller.interrupt();
            }
        }));
        Train.run(settings(split, true, Map.of()), null, (p, total) -> { });
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.pt")), Files.readAllBytes(split.resolve("model.pt")),
                "the resumed run ends with the uninterrupted run's weights");
        assertEquals(withoutTiming(rows), withoutTiming(Files.readAllLines(split.resolve("train.csv"))));
        assertTorchLoads(whole.resolve("model.pt"));
    }

    @Test
    void theSavedAgentIsPlayedOnTheFramesItLearnedFrom() throws Exception {
        for (String arch : List.of("cnn", "lstm")) {
            Path out = tmp.resolve(arch);
            Train.run(settings(out, false, Map.of("arch", arch, "frames", 64)), null, (p, total) -> { });
            try (Policy agent = Agents.loadPolicy(out.resolve("model.pt"), 4)) {
                assertEquals(PpoCollector.FRAMES.describe(), agent.preprocessor().describe(),
                        arch + ": the loader's frame transform is the one the run trained on");
                assertEquals(arch.equals("lstm") ? List.of("h", "c") : List.of("frames"), agent.stateNames(), arch);
            }
            Map<?, ?> run = new Yaml().load(Files.readString(out.resolve("run.json")));
            assertEquals(PpoCollector.FRAMES.describe(), ((Map<?, ?>) run.get("settings")).get("preprocessing"), arch);
        }
    }

    @Test
    void whatPpoCannotApplyIsRefused() {
        Path out = tmp.resolve("x");
        assertEquals("arch", assertThrows(InvalidSettingException.class, () -> settings(out, false, Map.of("arch", "gru"))).setting());
        assertEquals("steps", assertThrows(InvalidSettingException.class, () -> settings(out, false, Map.of("envs", 3, "steps", 5))).setting());
        assertEquals("envs", assertThrows(InvalidSettingException.class, () -> settings(out, false, Map.of("arch", "lstm", "envs", 6))).setting());
        assertEquals("variant", assertThrows(InvalidSettingException.class, () -> settings(out, false, Map.of("variant", "small_paddle"))).setting());
        Map<String, Object> m = new HashMap<>(Train.defaultsFor("ppo"));
        m.put("algo", "ppo");
        assertEquals("init", assertThrows(InvalidSettingException.class,
                () -> new Train.Settings(breakout(), 5, Train.DECLARATION.values(m), true, 60, out, false, tmp.resolve("a.pt"))).setting());
        assertEquals("arch", assertThrows(InvalidSettingException.class,
                () -> new Train.Settings(breakout(), 5, Train.DECLARATION.values(Map.of("arch", "cnn")), true, 60, out, false)).setting());
    }

    /** The rows without steps/s and wall time (the last two columns). */
    private static List<String> withoutTiming(List<String> rows) {
        return rows.stream().map(r -> String.join(",", Arrays.asList(r.split(",")).subList(0, r.split(",").length - 2))).toList();
    }

    private static void assertTorchLoads(Path model) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, torch\n"
                + "sd = torch.load(sys.argv[1], weights_only=True)\n"
                + "print(len(sd), list(sd)[0], tuple(sd['network.0.weight'].shape), tuple(sd['actor.weight'].shape))", model.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeFalse(out.contains("No module named 'torch'"), "/usr/bin/python3 cannot import torch");
        assertEquals(0, p.waitFor(), out);
        assertEquals("12 network.0.weight (32, 4, 8, 8) (4, 512)", out);
    }
}
