package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.agents.rl4j.Rl4jNets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setting a run records in its provenance is a setting the run applied; one it cannot apply is
 * refused in one line naming the flag (issue 21, hole 3's audit of every command).
 */
class UnappliedSettingsTest {
    @TempDir
    static Path tmp;
    static Path pong;
    /** An RL4J DQN on one frame: no frame stack, no recurrent state, so no memory to analyse. */
    static Path memoryless;
    static Path frame;

    @BeforeAll
    static void setUp() throws Exception {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        pong = TestRoms.projectRoot().resolve("models/pong.pt");
        memoryless = Rl4jNets.save(Rl4jNets.dqn(1, 84, 6, 11), tmp.resolve("dqn1.zip"));
        try (var env = org.atarisaliency.env.AtariEnv.open(org.atarisaliency.env.GameIds.resolve("pong", List.of("pong")),
                TestRoms.rom("pong"), 0, 0)) {
            frame = tmp.resolve("frame.npy");
            Npy.writeUint8(frame, env.frame(), 210, 160, 3);
        }
    }

    private static CliTest.Run saliency(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("saliency", "--agent", pong.toString(), "--frame", frame.toString(), "--out",
                out.toString(), "--quiet"));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    private static void refused(CliTest.Run r, String... needles) {
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: "), e);
        for (String n : needles) {
            assertTrue(e.contains(n), "'" + n + "' not in: " + e);
        }
    }

    @Test
    void jacobianRefusesThePerturbationOptionsAndDoesNotRecordThem() throws Exception {
        for (String[] option : new String[][] {{"--stride", "8"}, {"--radius", "3"}, {"--blur", "2"}, {"--mode", "searchlight"}, {"--batch", "9"}}) {
            Path out = tmp.resolve("jac" + option[0]);
            refused(saliency(out, "--method", "jacobian", option[0], option[1]), option[0], "--method jacobian");
            assertFalse(Files.exists(out));
        }
        Path out = tmp.resolve("jacobian");
        CliTest.Run r = saliency(out, "--method", "jacobian");
        assertEquals(0, r.code(), r.err());
        String run = Files.readString(out.resolve("run.json"));
        for (String key : new String[] {"\"stride\"", "\"radius\"", "\"blur\"", "\"mode\"", "\"perturb\""}) {
            assertFalse(run.contains(key), key + " recorded for jacobian maps, which do not use it: " + run);
        }
    }

    @Test
    void saliencySeedIsOnlyForRandomHintsAndOnlyRecordedThere() throws Exception {
        refused(saliency(tmp.resolve("seed"), "--seed", "3"), "--seed", "--hints random");
        refused(saliency(tmp.resolve("seed2"), "--hints", "2", "--seed", "3"), "--seed", "--hints random");
        Path lit = tmp.resolve("lit");
        assertEquals(0, saliency(lit, "--hints", "2").code());
        assertFalse(Files.readString(lit.resolve("run.json")).contains("\"seed\""), "a seed recorded that lighting action 2 did not use");
        Path random = tmp.resolve("random");
        assertEquals(0, saliency(random, "--hints", "random", "--seed", "3").code());
        assertTrue(Files.readString(random.resolve("run.json")).contains("\"seed\": 3"));
    }

    @Test
    void memoryScaleIsRefusedForAnAgentWithoutMemory() throws Exception {
        Path out = tmp.resolve("noMemory");
        refused(CliTest.run("saliency", "--agent", memoryless.toString(), "--frame", frame.toString(), "--memory-scale", "0.5", "--out",
                out.toString(), "--quiet"), "--memory-scale", "no memory");
        refused(CliTest.run("record", "--agent", memoryless.toString(), "--game", "Pong-v4", "--frames", "2", "--memory-scale", "0.5", "--out",
                tmp.resolve("nomem.mp4").toString(), "--quiet"), "--memory-scale", "no memory");
        CliTest.Run r = CliTest.run("record", "--agent", memoryless.toString(), "--game", "Pong-v4", "--frames", "2", "--stride", "12", "--out",
                tmp.resolve("plain.mp4").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String run = Files.readString(tmp.resolve("plain.run.json"));
        assertFalse(run.contains("memory_scale") || run.contains("memory_noise"), "memory settings recorded where no memory was computed: " + run);
    }

    @Test
    void overlayOptionsAreRefusedWithoutAnOverlayAndNotRecorded() throws Exception {
        refused(CliTest.run("record", "--game", "Pong-v4", "--frames", "2", "--overlay", "none", "--overlay-colors", "actor=#00ff00",
                "--out", tmp.resolve("c.mp4").toString(), "--quiet"), "--overlay-colors", "--overlay none");
        refused(CliTest.run("record", "--game", "Pong-v4", "--frames", "2", "--overlay", "none", "--saliency-scale", "0.5",
                "--out", tmp.resolve("s.mp4").toString(), "--quiet"), "--saliency-scale", "--overlay none");
        CliTest.Run r = CliTest.run("record", "--game", "Pong-v4", "--frames", "2", "--stride", "12", "--overlay", "none", "--out",
                tmp.resolve("none.mp4").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String run = Files.readString(tmp.resolve("none.run.json"));
        assertFalse(run.contains("overlay_colors") || run.contains("saliency_scale"), "overlay settings recorded for a clip without one: " + run);
    }

    @Test
    void memoryAblationOptionsNeedAblationEpisodesAndSummaryRecordsTheGameAsPlayed() throws Exception {
        Path out = tmp.resolve("memory");
        refused(CliTest.run("memory", "--game", "Pong-v4", "--frames", "2", "--ablation-episodes", "0", "--ablation-periods", "2", "--out",
                out.toString(), "--quiet"), "--ablation-periods", "--ablation-episodes 0");
        CliTest.Run r = CliTest.run("memory", "--game", "Pong-v4", "--frames", "2", "--stride", "16", "--ablation-episodes", "0",
                "--sticky", "0.25", "--frame-skip", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String summary = Files.readString(out.resolve("summary.json"));
        assertFalse(summary.contains("ablation_periods") || summary.contains("ablation_max_steps"), "ablation settings recorded for no ablation");
        assertTrue(summary.contains("\"repeat_action_probability\": 0.25") && summary.contains("\"frame_skip\": \"2\""), summary);
    }

    @Test
    void sanityJsonRecordsTheGameAsPlayed() {
        CliTest.Run r = CliTest.run("sanity", "--game", "Pong-v4", "--frames", "1", "--skip", "0", "--stride", "16", "--steps", "2",
                "--sticky", "0.25", "--json", "--quiet", "--out", tmp.resolve("sanity").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"repeat_action_probability\": 0.25") && r.out().contains("\"frame_skip\": "), r.out());
    }

    @Test
    void benchRolloutRefusesHintsItCannotDraw() {
        refused(CliTest.run("bench", "rollout", "--game", "Pong-v4", "--hints", "random", "--quiet"), "--hints", "bench rollout");
    }

    @Test
    void benchSaliencyPlaysWithTheHintsItRecords() {
        CliTest.Run r = CliTest.run("bench", "saliency", "--game", "Pong-v4", "--hints", "random", "--frames", "1", "--warmup", "0", "--jit-warmup",
                "0", "--skip", "0", "--stride", "16", "--no-torch", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"hints\": \"random\""), r.out());
    }

    /** SB3 / CleanRL agents play a NoFrameskip id with SB3's skip of 4; an explicit --frame-skip is played as given, as recorded. */
    @Test
    void runRefusesClusterOptionsOfAnotherBackend() {
        Path config = TestRoms.projectRoot().resolve("examples/quick.yaml");
        refused(CliTest.run("run", config.toString(), "--partition", "gpu", "--out", tmp.resolve("runs").toString()), "--partition",
                "--backend slurm");
        refused(CliTest.run("run", config.toString(), "--image", "x:1", "--out", tmp.resolve("runs").toString()), "--image", "--emit k8s");
        refused(CliTest.run("run", config.toString(), "--backend", "slurm", "--workers", "3", "--out", tmp.resolve("runs").toString()),
                "--workers", "--backend local");
        assertFalse(Files.exists(tmp.resolve("runs")));
    }
}
