package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config checking: every mistake is one line naming the file, line and key, found before any job runs. */
class ExperimentConfigTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    static String agents() {
        return "agents:\n"
                + "  - {label: p40, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4}\n"
                + "  - {label: p80, file: " + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}\n";
    }

    private Path write(String yaml) throws IOException {
        Path f = tmp.resolve("exp.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentPlan.of(ExperimentConfig.read(write(yaml))));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static void contains(String message, String... needles) {
        for (String n : needles) {
            assertTrue(message.contains(n), "'" + n + "' not in: " + message);
        }
    }

    @Test
    void gridExpandsIntoNamedJobs() throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(write("experiment: t\n" + agents()
                + "seeds: [0, 3]\nframes: [{start: 5, count: 4}, {count: 2}]\nmethods: [perturbation, {method: jacobian}]\n"
                + "outputs:\n  maps: true\n  evaluate: {episodes: 2}\n  progression: {reference: p80}\n  video: false\n")));
        // maps: 2 agents x 2 seeds x 2 ranges x 2 methods; evaluate: 2 x 2; progression: 2 seeds x 2 ranges
        assertEquals(16 + 4 + 4, plan.jobs().size());
        Set<String> ids = plan.jobs().stream().map(JobSpec::id).collect(Collectors.toSet());
        assertEquals(plan.jobs().size(), ids.size(), "job ids must be unique");
        assertTrue(ids.contains("maps_p40_Pong-v4_s3_f5-9_jacobian"), ids.toString());
        assertTrue(ids.contains("progression_Pong-v4_s0_f0-2"), ids.toString());
        JobSpec e = plan.jobs().stream().filter(j -> j.type().equals("evaluate")).findFirst().orElseThrow();
        assertEquals(2L, e.section("settings").get("episodes"));
        assertEquals("sample", e.section("settings").get("policy"), "defaults are filled in");
        assertEquals(64, e.hash().length());
        assertTrue(e.spec().toString().contains("sha256"), "agent and ROM checksums are part of the spec");
        // the same config gives the same specs
        ExperimentPlan again = ExperimentPlan.of(ExperimentConfig.read(tmp.resolve("exp.yaml")));
        assertEquals(plan.jobs().stream().map(JobSpec::hash).toList(), again.jobs().stream().map(JobSpec::hash).toList());
    }

    @Test
    void anchorsAndMergeKeysWork() throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(write("experiment: t\n" + agents()
                + "frames: [{count: 3}]\n"
                + "methods:\n"
                + "  - &p {method: perturbation, label: coarse, stride: 10, radius: 4}\n"
                + "  - {<<: *p, label: fine, stride: 5}\n"
                + "outputs:\n"
                + "  maps: true\n"
                + "  video: &v {fps: 10, scale: 2}\n"
                + "  progression: {<<: *v, stride: 8}\n")));
        JobSpec fine = plan.jobs().stream().filter(j -> j.id().endsWith("_fine")).findFirst().orElseThrow();
        assertEquals(5L, fine.section("method").get("stride"));
        assertEquals(4.0, fine.section("method").get("radius"));
        JobSpec prog = plan.jobs().stream().filter(j -> j.type().equals("progression")).findFirst().orElseThrow();
        assertEquals(10L, prog.section("settings").get("fps"));
        assertEquals(8L, prog.section("settings").get("stride"));
        // a merged key that the section does not have is still an error
        contains(error("experiment: t\n" + agents() + "outputs:\n  video: &v {fps: 10, episodes: 2}\n  maps: {<<: *v}\n"),
                "episodes", "unknown key");
    }

    @Test
    void duplicateKeysAreRefusedWithBothLines() {
        String head = "experiment: t\n" + agents(); // agents end on line 4
        assertEquals("exp.yaml:8: outputs: duplicate key (first given on line 5); give each key once",
                error(head + "outputs:\n  maps: true\nseeds: [0]\noutputs:\n  video: {fps: 10}\n"));
        assertEquals("exp.yaml:9: outputs.video.fps: duplicate key (first given on line 7); give each key once",
                error(head + "outputs:\n  video:\n    fps: 10\n    scale: 2\n    fps: 12\n"));
        contains(error(head + "outputs: {maps: true, video: {fps: 10, fps: 12}}\n"), "exp.yaml:5:", "outputs.video.fps: duplicate key");
        contains(error(head + "methods: [{method: perturbation, stride: 5, stride: 6}]\noutputs: {maps: true}\n"),
                "methods[0].stride: duplicate key");
        // a duplicate inside a mapping merged with '<<' is caught too, though the merge would hide it
        contains(error(head + "definitions: {v: &v {fps: 10, fps: 12}}\noutputs: {video: {<<: *v, scale: 2}}\n"),
                "exp.yaml:5:", "outputs.video.fps: duplicate key");
    }

    @Test
    void anchorsMayLiveUnderDefinitions() throws Exception {
        ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(write("experiment: t\n"
                + "definitions:\n"
                + "  base: &base {method: perturbation, stride: 10, radius: 4}\n"
                + "  video: &v {fps: 10, scale: 2}\n"
                + "  notes: [anything, {goes: here}]\n"
                + agents()
                + "frames: [{count: 3}]\n"
                + "methods: [{<<: *base, label: fine, stride: 5}]\n"
                + "outputs: {maps: true, video: {<<: *v, fps: 12}}\n")));
        JobSpec fine = plan.jobs().stream().filter(j -> j.id().endsWith("_fine")).findFirst().orElseThrow();
        assertEquals(5L, fine.section("method").get("stride"), "explicit keys win over merged ones");
        assertEquals(4.0, fine.section("method").get("radius"));
        JobSpec video = plan.jobs().stream().filter(j -> j.type().equals("video")).findFirst().orElseThrow();
        assertEquals(12L, video.section("settings").get("fps"));
        assertEquals(2L, video.section("settings").get("scale"));
        // an anchor block at the top level is an unknown key whose message points to definitions:
        contains(error("experiment: t\nbase: &base {method: perturbation}\n" + agents() + "outputs: {maps: true}\n"),
                "exp.yaml:2:", "base: unknown key", "definitions");
    }

    @Test
    void mistakesNameTheLineAndKey() {
        String head = "experiment: t\n" + agents(); // agents end on line 4
        contains(error(head + "outputs:\n  maps: true\n  vidoe: {fps: 10}\n"), "exp.yaml:7:", "outputs.vidoe", "unknown key",
                "did you mean 'video'");
        contains(error(head + "outputs:\n  video: {fps: fast}\n"), "exp.yaml:6:", "outputs.video.fps", "integer", "'fast'");
        contains(error(head + "outputs:\n  video: {fps: 0}\n"), "exp.yaml:6:", "outputs.video.fps", "1..120");
        contains(error(head + "outputs:\n  evaluate: {policy: best}\n"), "outputs.evaluate.policy", "greedy, sample");
        contains(error(head + "frames: {start: -1, count: 3}\noutputs: {maps: true}\n"), "exp.yaml:5:", "frames.start");
        contains(error(head + "methods: [{method: perturbation, stride: 5, sigma: 2}]\noutputs: {maps: true}\n"), "exp.yaml:5:",
                "methods[0].sigma", "unknown key");
        contains(error(head + "methods: [{method: jacobian, stride: 5}]\noutputs: {maps: true}\n"), "methods[0].stride", "method 'jacobian'");
        contains(error(head + "methods: [occlusion]\noutputs: {maps: true}\n"), "methods[0]", "jacobian, perturbation");
        contains(error(head + "outputs: {progression: {reference: p90}}\n"), "outputs.progression.reference", "'p90'");
        String hinted = "experiment: t\nagents: [{label: h, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4, hints: %s}]\n";
        contains(error(String.format(hinted, "always") + "outputs: {maps: true}\n"), "exp.yaml:2:", "agents[0].hints", "off, random or expert:");
        contains(error(String.format(hinted, "'expert:nowhere.tar'") + "outputs: {maps: true}\n"), "agents[0].hints", "expert file not found");
        contains(error(String.format(hinted, "random") + "outputs: {progression: true}\n"), "plays with hints", "leave progression out");
        contains(error(head + "outputs: {maps: false}\n"), "no output is switched on");
        contains(error(head + "outputs: {maps: true\n"), "exp.yaml:", "YAML syntax error");
        contains(error("experiment: t\n" + agents() + "outputs: {maps: true}\nseeds: [1, 1]\n"), "seeds", "distinct");
        contains(error("experiment: bad name\n" + agents() + "outputs: {maps: true}\n"), "exp.yaml:1:", "experiment");
        contains(error("agents: []\n"), "missing key 'experiment'");
    }

    @Test
    void missingFilesWrongAgentsAndGamesAreCaughtBeforeWork() {
        contains(error("experiment: t\nagents:\n  - {label: x, file: nowhere/model.tar, game: Pong-v4}\noutputs: {maps: true}\n"),
                "exp.yaml:3:", "agents[0].file", "not found", "relative to the config file");
        contains(error("experiment: t\nagents:\n  - {label: x, file: " + TestAssets.agent("pong-v4", 80) + "}\noutputs: {maps: true}\n"),
                "exp.yaml:3:", "no 'game'");
        // a Pong agent (6 actions) on Breakout (4 actions)
        contains(error("experiment: t\nagents:\n  - {label: x, file: " + TestAssets.agent("pong-v4", 80) + ", game: Breakout-v4}\n"
                + "outputs: {maps: true}\n"), "exp.yaml:3:", "agent 'x' on Breakout-v4", "6");
        contains(error("experiment: t\nagents:\n  - {label: x, file: " + TestAssets.agent("pong-v4", 80) + "}\ngames: [Pongg-v4]\n"
                + "outputs: {maps: true}\n"), "exp.yaml:4:", "Pongg-v4");
        contains(error("experiment: t\nagents:\n  - {label: x, file: " + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}\n"
                + "outputs: {progression: true}\n"), "outputs.progression", "two or more");
    }

    @Test
    void methodsTheAgentCannotDoAreRefusedBeforeWork() throws Exception {
        // an RL4J DQN (frame stack of 4, 84x84): perturbation maps and memory work, Jacobian maps and sanity checks do not
        Path dqn = org.atarisaliency.agents.rl4j.Rl4jNets.save(org.atarisaliency.agents.rl4j.Rl4jNets.dqn(4, 84, 6, 1), tmp.resolve("dqn.zip"));
        String head = "experiment: t\nagents:\n  - {label: dqn, file: " + dqn + ", game: Pong-v4}\n";
        List<JobSpec> jobs = ExperimentPlan.of(ExperimentConfig.read(write(head + "frames: [{count: 2}]\noutputs: {maps: true}\n"))).jobs();
        assertEquals(1, jobs.size());
        // without a 'methods' list: perturbation with its defaults, named in the spec
        assertEquals("perturbation", jobs.get(0).section("method").get("method"));
        assertEquals(5L, jobs.get(0).section("method").get("stride"));
        contains(error(head + "methods: [jacobian]\noutputs: {maps: true}\n"), "exp.yaml:3:", "agent 'dqn'", "Jacobian maps");
        contains(error(head + "outputs: {sanity: true}\n"), "exp.yaml:3:", "sanity checks");
    }

    @Test
    void examplesAreValid() throws Exception {
        Path examples = TestRoms.projectRoot().resolve("examples");
        List<Path> files;
        try (var s = Files.list(examples)) {
            // study-*.yaml are user studies, checked by the study module's tests
            files = s.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().startsWith("study-")).sorted().toList();
        }
        assertTrue(files.size() >= 3, files.toString());
        ConfigException study = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ExperimentConfig.read(examples.resolve("study-paper.yaml")));
        assertTrue(study.getMessage().contains("atari-saliency study build"), study.getMessage());
        for (Path f : files) {
            ExperimentPlan plan = ExperimentPlan.of(ExperimentConfig.read(f));
            assertTrue(plan.jobs().size() >= 1, f.toString());
        }
    }

    /** video: {objects: true} reaches the job's Record settings; configs without it keep their specs; a game without an object model is refused. */
    @Test
    void videoObjectsAreAnOptionalSettingCheckedPerGame() throws Exception {
        ExperimentPlan plain = ExperimentPlan.of(ExperimentConfig.read(write("experiment: t\n" + agents() + "frames: [{count: 2}]\noutputs:\n  video: {fps: 10}\n")));
        JobSpec v = plain.jobs().get(0);
        assertTrue(!v.section("settings").containsKey("objects"), "a config without objects keeps its job specs (and their hashes)");
        assertTrue(!VideoJob.settings(v, tmp).objects());
        ExperimentPlan on = ExperimentPlan.of(ExperimentConfig.read(write("experiment: t\n" + agents()
                + "frames: [{count: 2}]\noutputs:\n  video: {fps: 10, objects: true}\n")));
        JobSpec o = on.jobs().get(0);
        assertEquals(true, o.section("settings").get("objects"));
        assertTrue(VideoJob.settings(o, tmp).objects());
        Path job = tmp.resolve("job.json");
        JobFile.write(job, o, "t");
        assertEquals(o.hash(), JobFile.read(job).job().hash(), "a job file with objects reads back");
        JobFile.write(job, v, "t");
        assertEquals(v.hash(), JobFile.read(job).job().hash(), "a job file without objects still reads");
        contains(error("experiment: t\n" + agents() + "outputs:\n  video: {objects: maybe}\n"), "objects");
        contains(error("experiment: t\nagents:\n  - {label: p80, file: " + TestAssets.agent("pong-v4", 80) + ", game: Tennis-v4}\n"
                + "outputs:\n  video: {objects: true}\n"), "Tennis-v4", "no object model for tennis", "supported: pong, breakout, space_invaders");
    }
}
