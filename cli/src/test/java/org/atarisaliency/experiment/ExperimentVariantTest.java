package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code variant:} in an experiment's outputs: each job that plays builds its game with it and records it; without it the specs are as before. */
class ExperimentVariantTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private Path config(String variant) throws Exception {
        String v = variant == null ? "" : ", variant: " + variant;
        Path f = tmp.resolve((variant == null ? "plain" : variant) + ".yaml");
        Files.writeString(f, "experiment: v\nagents:\n  - {label: p80, file: " + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}\n"
                + "seeds: [0]\nframes: [{start: 40, count: 2}]\nmethods: [{method: perturbation, stride: 20}]\n"
                + "outputs:\n  maps: {frames_npy: true" + v + "}\n  counterfactuals: {frames: 2, skip: 30, stride: 16" + v + "}\n");
        return f;
    }

    private static Path find(Path dir, String name) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    @Test
    void jobsPlayAndRecordTheVariant() throws Exception {
        ExperimentPlan plain = ExperimentPlan.of(ExperimentConfig.read(config(null)));
        for (JobSpec j : plain.jobs()) {
            assertFalse(j.section("settings").containsKey("variant"), "a job without a variant has the spec it always had: " + j.id());
        }
        ExperimentPlan frozen = ExperimentPlan.of(ExperimentConfig.read(config("frozen_enemy")));
        assertTrue(frozen.jobs().stream().allMatch(j -> "frozen_enemy".equals(j.section("settings").get("variant"))));
        ExperimentRunTest.run(config("frozen_enemy"), tmp.resolve("out"), 1, false);
        Path out = tmp.resolve("out");
        // maps: the frames are the frozen game's (the enemy's RAM y held in the middle: its paddle drawn at rows 106..121 +- 3)
        byte[] frames = Npy.read(find(out, "frames.npy")).bytes();
        for (int t = 0; t < 2; t++) {
            List<Integer> rows = new java.util.ArrayList<>();
            for (int y = 34; y < 194; y++) {
                int i = ((t * 210 + y) * 160 + 17) * 3;
                if ((frames[i] & 0xff) == 213 && (frames[i + 1] & 0xff) == 130 && (frames[i + 2] & 0xff) == 74) {
                    rows.add(y);
                }
            }
            assertTrue(!rows.isEmpty() && rows.get(0) >= 103 && rows.get(rows.size() - 1) <= 124, "frame " + t + ": enemy rows " + rows);
        }
        assertTrue(Files.readString(find(out, "job.json")).replaceAll("\\s+", "").contains("\"variant\":\"frozen_enemy\""));
        // counterfactuals: the enemy's moves, which the variant undoes, are left out
        String summary = Files.readString(find(out, "summary.json")).replaceAll("\\s+", "");
        assertTrue(summary.contains("\"interventions_left_out\":{\"enemy.y+8\":\"frozen_enemy\"") && !summary.contains("\"name\":\"enemy.y+8\"")
                && summary.contains("\"variant\":\"frozen_enemy\""), summary);
    }
}
