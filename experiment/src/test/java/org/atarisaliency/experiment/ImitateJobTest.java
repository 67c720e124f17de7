package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The imitate output: one job per student, each trains and then runs the hint test on what it trained. */
class ImitateJobTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private Path config(String outputs) throws Exception {
        Path f = tmp.resolve("imitate.yaml");
        Files.writeString(f, "experiment: tiny-overfit\n"
                + "agents:\n  - {label: expert, file: " + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}\n"
                + "outputs:\n" + outputs);
        return f;
    }

    @Test
    void eachHintModeIsOneJobAndTheListIsChecked() throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(config("  imitate: {frames: 5000}\n")));
        assertEquals(List.of("imitate_expert_Pong-v4_s0_expert", "imitate_expert_Pong-v4_s0_random"), plan.jobs().stream().map(JobSpec::id).toList());
        JobSpec j = plan.jobs().get(0);
        assertEquals("expert", j.spec().get("hints"));
        assertTrue(!j.section("settings").containsKey("hints"), "the mode is the job's, not a setting");
        assertEquals(5000L, j.section("settings").get("frames"));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ExperimentConfig.read(config("  imitate: {hints: [expert, expert]}\n")));
        assertTrue(e.getMessage().contains("listed twice") && e.getMessage().contains(":5"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> ExperimentConfig.read(config("  imitate: {hints: [overfit]}\n")));
        assertTrue(e.getMessage().contains("expert") && e.getMessage().contains("random"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTinyImitateJobTrainsATestedStudent() throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(config(
                "  imitate: {hints: [expert], frames: 640, envs: 4, steps: 20, episodes: 1, saliency_frames: 3}\n")));
        JobSpec job = plan.jobs().get(0);
        // a job spec written by `run` reads back as the same job
        Path jobFile = tmp.resolve("job.json");
        Files.writeString(jobFile, org.atarisaliency.pipelines.Json.write(Map.of("job", job.id(), "type", job.type(), "spec", job.spec(),
                "spec_sha256", job.hash())));
        assertEquals(job.hash(), JobFile.read(jobFile).job().hash());
        Path dir = JobExecutor.execute(job, "tiny-overfit", tmp.resolve("run"), f -> { });
        for (String f : List.of("model.pt", "imitate.csv", "run.json", "hint-test.json", "checkpoints/model.100.pt", "status.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        Map<String, Object> status = new Yaml().load(Files.readString(dir.resolve("status.json")));
        Map<String, Object> result = (Map<String, Object>) status.get("result");
        assertEquals("expert", result.get("student_hints"));
        double share = ((Number) result.get("strip_fraction_expert_hints")).doubleValue();
        assertTrue(share > 0 && share < 1, "strip share " + share);
        Map<String, Object> test = new Yaml().load(Files.readString(dir.resolve("hint-test.json")));
        assertEquals(1, ((List<?>) ((Map<String, Object>) test.get("random_hints")).get("scores")).size());
    }
}
