package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training settings are applied or refused: --hints is refused by train (never recorded unapplied),
 * an expert that is not an agent is refused everywhere, non-finite or absurd numbers are refused,
 * and a run that diverges stops with its last good save intact.
 */
class TrainingSettingsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static void oneLine(CliTest.Run r, int code, String needle) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().contains(needle), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void trainRefusesHintsRatherThanRecordingThemUnapplied() {
        for (String hints : List.of("random", "expert:pong")) {
            Path out = tmp.resolve("hinted-" + hints.length());
            oneLine(CliTest.run("train", "--game", "Pong-v4", "--hints", hints, "--frames", "20", "--envs", "2", "--steps", "5", "--out", out.toString(),
                    "--quiet"), 2, "--hints is not applied by train");
            assertFalse(Files.exists(out.resolve("run.json")), "nothing is recorded");
        }
    }

    @Test
    void anExpertThatIsNotAnAgentIsRefusedByEveryCommand() {
        oneLine(CliTest.run("train", "--game", "Pong-v4", "--hints", "expert:/etc/passwd", "--out", tmp.resolve("t").toString()), 3, "/etc/passwd");
        oneLine(CliTest.run("evaluate", "--game", "Pong-v4", "--agent", CliTest.pong(), "--hints", "expert:/etc/passwd", "--episodes", "1"), 3,
                "/etc/passwd");
        oneLine(CliTest.run("record", "--game", "Pong-v4", "--agent", CliTest.pong(), "--hints", "expert:/etc/passwd", "--frames", "2",
                "--out", tmp.resolve("r.mp4").toString()), 3, "/etc/passwd");
        assertFalse(Files.exists(tmp.resolve("t")) && Files.exists(tmp.resolve("t").resolve("run.json")));
    }

    @Test
    void nonFiniteAndAbsurdNumbersAreRefused() {
        for (String lr : List.of("NaN", "Infinity", "-Infinity", "1e30", "0", "-1e-4")) {
            oneLine(CliTest.run("train", "--game", "Pong-v4", "--lr", lr, "--out", tmp.resolve("lr").toString()), 2, "--lr");
        }
        oneLine(CliTest.run("imitate", "--expert", CliTest.pong(), "--hints", "random", "--game", "Pong-v4", "--lr", "1e30", "--out",
                tmp.resolve("i").toString()), 2, "--lr must be a number in 1.0e-7..1, got 1.0E30");
        oneLine(CliTest.run("train", "--game", "Pong-v4", "--entropy", "NaN", "--out", tmp.resolve("e").toString()), 2, "--entropy");
        oneLine(CliTest.run("train", "--game", "Pong-v4", "--checkpoint-minutes", "Infinity", "--out", tmp.resolve("c").toString()), 2,
                "--checkpoint-minutes");
        oneLine(CliTest.run("memory", "--game", "Pong-v4", "--noise", "NaN", "--out", tmp.resolve("m").toString()), 2, "--noise");
        oneLine(CliTest.run("evaluate", "--game", "Pong-v4", "--sticky", "NaN"), 2, "--sticky");
        assertFalse(Files.exists(tmp.resolve("lr").resolve("run.json")));
    }

    @Test
    void aDivergingRunStopsAndKeepsItsLastGoodSave() throws Exception {
        Path out = tmp.resolve("diverged");
        // lr 1 (the largest accepted): the policy collapses to one action within two updates and stays there
        CliTest.Run r = CliTest.run("train", "--game", "Pong-v4", "--lr", "1", "--frames", "4000", "--envs", "2", "--steps", "5", "--seed", "0",
                "--checkpoint-minutes", "0.001", "--out", out.toString(), "--quiet");
        oneLine(r, 1, "training diverged at ");
        assertTrue(r.err().contains("lower the learning rate"), r.err());
        List<String> saved = new ArrayList<>(List.of("model.pt", "resume/model.pt", "checkpoints/model.000.pt"));
        for (String f : saved) {
            for (TensorData t : ActorCriticWeights.read(out.resolve(f)).toStateDict().values()) {
                assertEquals(-1, FiniteValues.firstNonFinite(t.values()), f);
            }
            ActorCriticPolicy.load(out.resolve(f), 6).close();
        }
        assertFalse(Files.exists(out.resolve("checkpoints/model.100.pt")), "the run stopped before the end of its budget");
    }
}
