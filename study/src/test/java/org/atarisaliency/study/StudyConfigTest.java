package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.experiment.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyConfigTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLE = ROOT.resolve("examples/study-paper.yaml");

    @TempDir
    Path dir;

    @Test
    void thePaperExampleIsValidAndSpellsOutTwoCounterbalancedArms() throws Exception {
        StudyConfig c = StudyConfig.load(EXAMPLE);
        assertEquals("paper-overfit-pong", c.name());
        assertEquals(List.of("overfit", "control"), List.copyOf(c.agents().keySet()));
        assertTrue(c.agents().get("overfit").hints().startsWith("expert:"), "the overfit student plays with its expert's hints");
        assertEquals("random", c.agents().get("control").hints());
        List<StudyDefinition.Arm> arms = StudyArms.arms(c, clip -> new StudyArms.BuiltClip("videos/" + clip.fileName(c), "x"));
        assertEquals(2, arms.size());
        assertEquals(Map.of("Agent 1", "overfit", "Agent 2", "control"), arms.get(0).labels());
        assertEquals(Map.of("Agent 1", "control", "Agent 2", "overfit"), arms.get(1).labels());
        for (StudyDefinition.Arm a : arms) {
            List<String> ids = a.pages().stream().map(StudyDefinition.Page::id).toList();
            assertEquals(List.of("consent", "demographics", "instructions", "check", "videos.without", "questions.without", "videos.with",
                    "questions.with", "attention", "debrief"), ids);
            StudyDefinition.Page without = a.pages().get(4), with = a.pages().get(6);
            assertTrue(without.videos().stream().noneMatch(StudyDefinition.Video::saliency));
            assertTrue(with.videos().stream().allMatch(StudyDefinition.Video::saliency));
            assertEquals(List.of("Agent 1", "Agent 2"), with.videos().stream().map(StudyDefinition.Video::label).toList());
            for (StudyDefinition.Video v : with.videos()) {
                assertEquals(a.labels().get(v.label()), v.agent(), "each label shows its own agent's clip");
                assertEquals("videos/" + v.agent() + ".saliency.mp4", v.file());
            }
            StudyDefinition.Question robust = a.pages().get(5).questions().get(0);
            assertEquals("control", robust.correct());
            assertEquals(List.of("Agent 1", "Agent 2", "Can't tell"), robust.options().stream().map(StudyDefinition.Option::value).toList());
            for (StudyDefinition.Option o : robust.options().subList(0, 2)) {
                assertEquals(a.labels().get(o.value()), o.means(), "an agent label means the agent behind it in this arm");
            }
            assertEquals("Part 1 of 2: watch both programs", without.title());
        }
        assertEquals(4, StudyArms.clips(c).size(), "two agents, with and without saliency");
    }

    @Test
    void everyStudyExampleIsValid() throws Exception {
        java.util.List<Path> files;
        try (var s = Files.list(ROOT.resolve("examples"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("study-") && p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 2, files.toString());
        for (Path f : files) {
            StudyConfig c = StudyConfig.load(f);
            assertTrue(!StudyArms.arms(c, clip -> new StudyArms.BuiltClip("v", "x")).isEmpty(), f.toString());
        }
        StudyConfig huber = StudyConfig.load(ROOT.resolve("examples/study-2x2.yaml"));
        assertEquals(8, StudyArms.arms(huber, clip -> new StudyArms.BuiltClip("v", "x")).size(), "4 conditions x 2 label rotations");
        assertEquals(8, StudyArms.clips(huber).size(), "2 agents x plain/saliency x fixed/highlights starts");
    }

    @Test
    void blockOrderCounterbalancingGivesEveryOrderPerCondition() throws Exception {
        String yaml = Files.readString(EXAMPLE).replace("conditions: {paper: }", "conditions: {a: {}, b: {}}")
                .replace("counterbalance: {labels: true}", "counterbalance: {labels: true, block_order: true}")
                .replace("../models/", ROOT.resolve("models") + "/");
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        StudyConfig c = StudyConfig.load(f);
        List<StudyDefinition.Arm> arms = StudyArms.arms(c, clip -> new StudyArms.BuiltClip("v", "x"));
        assertEquals(8, arms.size(), "2 conditions x 2 orders x 2 label rotations");
        assertEquals(List.of("with", "without"), arms.get(2).blockOrder());
        assertEquals("videos.with", arms.get(2).pages().get(4).id());
        assertEquals(4, arms.stream().filter(a -> a.condition().equals("b")).count());
    }

    @Test
    void questionPagesAboutTheAgentsShowTheStillsOfTheirBlocksVideoPageAndTheGlossaryPageItsPicture() throws Exception {
        StudyConfig c = StudyConfig.load(EXAMPLE);
        StudyDefinition.Image screen = new StudyDefinition.Image("The game screen", "stills/screen.png", "s");
        List<StudyDefinition.Arm> arms = StudyArms.arms(c, clip -> new StudyArms.BuiltClip("videos/" + clip.fileName(c), "x",
                "stills/" + clip.fileName(c).replace(".mp4", ".png"), "y"), screen);
        for (StudyDefinition.Arm a : arms) {
            for (StudyDefinition.Page p : a.pages()) {
                List<String> stills = p.stills().stream().map(i -> i.label() + "=" + i.file()).toList();
                switch (p.id()) {
                    case "questions.without", "questions.with" -> {
                        String kind = p.id().endsWith("without") ? ".plain.png" : ".saliency.png";
                        assertEquals(List.of("Agent 1=stills/" + a.labels().get("Agent 1") + kind, "Agent 2=stills/" + a.labels().get("Agent 2") + kind),
                                stills, a.id() + " " + p.id() + ": the stills of the clips just watched, under their labels");
                    }
                    default -> assertEquals(List.of(), stills, p.id() + " (no agent options, or no video page before it)");
                }
                assertEquals(p.id().equals("instructions") ? screen : null, p.picture(), p.id());
                assertEquals(p.id().equals("instructions") ? List.of("agent", "hint", "robust strategy", "highlighted areas") : List.of(),
                        p.glossary().stream().map(StudyDefinition.Term::term).toList(), p.id());
            }
        }
    }

    @Test
    void mistakesAreOneLineWithFileLineAndKey() throws Exception {
        String ok = Files.readString(EXAMPLE).replace("../models/", ROOT.resolve("models") + "/");
        assertError(ok.replace("correct: control}", "correct: contrl}"), "s.yaml:81: pages[4].pages[1].questions[0].correct: 'contrl' is not an option");
        assertError(ok.replace("  code: PONG2018", "  code: PONG 2018"), "s.yaml:13: completion.code: must be letters");
        assertError(ok.replace("  - type: debrief", "  - type: instructions\n    id: thanks"), "the last page must be the debrief");
        assertError(ok.replace("require_end: true", "require_end: yes please"), "s.yaml:72: pages[4].pages[0].require_end: must be true or false");
        assertError(ok.replace("agents: [overfit, control]", "agents: [overfit, contorl]"), "no agent 'contorl'");
        assertError(ok.replace("frames: 300", "frames: 0"), "s.yaml:18: video.frames: must be an integer in 1..20000");
        assertError(ok.replace("min_label: Guessing", "colour: red"), "unknown key");
        assertError(ok.replace("picture: screen", "picture: map"), "pages[2].picture");
        assertError(ok.replace("      - hint: The small", "      - hint: The small strip\n        extra: x\n      - other: The small"),
                "a glossary entry is one 'term: explanation' line");
        assertError(ok.replace("redirect: https://app", "redirect: javascript:alert(1)//app"), "completion.redirect: must be an http(s) URL");
        assertError(ok.replace("../models/pong-control.pt", "/nonexistent/agent.pt").replace(ROOT.resolve("models") + "/pong-control.pt",
                "/nonexistent/agent.pt"), "agent file not found");
        assertError(ok.replace("feedback: Not quite.", "fedback: Not quite."), "did you mean 'feedback'?");
        assertError(ok.replace("correct: Blue, attention: true", "attention: true"), "an attention check needs 'correct'");
        assertError(ok.replace("    id: demographics", "    id: consent"), "page id 'consent' is used twice");
        assertError(ok.replace("{id: without, title: Part 1 of 2, saliency: false}", "{id: with, title: Part 1 of 2, saliency: false}"),
                "block 'with' is given twice");
        assertError(ok + "\npages: []\n", "duplicate key");
        assertError("study: x\n  bad: [\n", "YAML syntax error");
    }

    /** A clip setting the build would not apply is refused, not recorded: scan without highlights, colours without an overlay. */
    @Test
    void clipSettingsThatWouldNotBeAppliedAreRefused() throws Exception {
        String ok = Files.readString(EXAMPLE).replace("../models/", ROOT.resolve("models") + "/");
        assertError(ok.replace("video: {frames: 300, start: 60,", "video: {frames: 300, start: 60, scan: 900,"),
                "video.scan: is only used with start: highlights");
        assertError(ok.replace("overlay: actor,", "overlay: none,"), "video.colors: is not used with overlay: none");
    }

    /** A clip's record settings are record's own declarations: the same ranges, choices and checks as the command line and grids. */
    @Test
    void clipSettingsAreCheckedByRecordsDeclarations() throws Exception {
        String ok = Files.readString(EXAMPLE).replace("../models/", ROOT.resolve("models") + "/");
        assertError(ok.replace("fps: 20,", "fps: 121,"), "video.fps: must be an integer in 1..120, got 121");
        assertError(ok.replace("scale: 3, quality", "scale: 9, quality"), "video.scale: must be an integer in 1..8, got 9");
        assertError(ok.replace("quality: 10,", "quality: 52,"), "video.quality: must be a quantiser in 0..51 (lower is better) or auto, got 52");
        assertError(ok.replace("overlay: actor,", "overlay: actors,"), "video.overlay: must be one of actor,critic, actor, critic, none");
        // the policy's choices are record's (greedy, sample); 'sampled' passed here before and failed only when the clips were built
        assertError(ok.replace("policy: greedy}", "policy: sampled}"), "video.policy: must be one of greedy, sample, got 'sampled'");
        // 61..120 frames per second are record's (and the grids') range, which the study refused before
        StudyConfig fast = StudyConfig.load(write(ok.replace("fps: 20,", "fps: 90,")));
        assertEquals(90, fast.video().fps());
    }

    private Path write(String yaml) throws java.io.IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** Question ids the server's forms use themselves (csrf, page, action, consent) are refused at build time, as serve refuses them. */
    @Test
    void reservedQuestionIdsAreRefusedWithFileLineAndKey() throws Exception {
        String ok = Files.readString(EXAMPLE).replace("../models/", ROOT.resolve("models") + "/");
        for (String reserved : StudyDefinition.RESERVED_QUESTION_IDS) {
            assertError(ok.replace("{id: age, type: choice", "{id: " + reserved + ", type: choice"),
                    "s.yaml:38: pages[1].questions[0].id: '" + reserved + "' is reserved by the study server's forms (csrf, page, action, consent); choose another id");
        }
    }

    /** The exclusions block, sample_size and hypotheses: read in the YAML's order, carried into study.json, mistakes one line. */
    @Test
    void exclusionRulesSampleSizeAndHypothesesAreReadAndValidated() throws Exception {
        StudyConfig c = StudyConfig.load(EXAMPLE);
        assertEquals(List.of(new ExclusionRule("min_seconds_per_page", 3.0), new ExclusionRule("attention_checks_failed", 1.0),
                new ExclusionRule("clips_not_watched", null)), c.exclusions());
        assertEquals(31, c.sampleSize());
        List<String> hypotheses = c.pages().stream().flatMap(p -> p.questions().stream()).filter(q -> q.hypothesis() != null)
                .map(StudyConfig.QuestionSpec::id).toList();
        assertEquals(List.of("robust", "trust"), hypotheses);
        StudyDefinition d = new StudyDefinition(StudyDefinition.FORMAT, "x", "t", 0, null, List.of(), List.of(), Map.of(), c.exclusions());
        Path json = dir.resolve("study.json");
        Files.writeString(json, d.toJson());
        assertEquals(c.exclusions(), StudyDefinition.read(json).exclusions(), "study.json carries the rules");

        String ok = Files.readString(EXAMPLE).replace("../models/", ROOT.resolve("models") + "/");
        assertError(ok.replace("min_seconds_per_page: 3 ", "min_seconds_per_pag: 3 "),
                "s.yaml:100: exclusions.min_seconds_per_pag: unknown key; did you mean 'min_seconds_per_page'?");
        assertError(ok.replace("min_seconds_per_page: 3 ", "min_seconds_per_page: fast "), "s.yaml:100: exclusions.min_seconds_per_page: must be a number");
        assertError(ok.replace("attention_checks_failed: 1 ", "attention_checks_failed: 2 "),
                "s.yaml:101: exclusions.attention_checks_failed: 2 attention checks failed can never happen: the study has 1");
        assertError(ok.replace("clips_not_watched: true ", "clips_not_watched: maybe "), "s.yaml:102: exclusions.clips_not_watched: must be true or false");
        assertError(ok.replace("require_end: true", "require_end: false"), "exclusions.clips_not_watched: no page has 'require_end: true'");
        assertError(ok.replace("sample_size: 31 ", "sample_size: 0 "), "s.yaml:105: sample_size: must be an integer in 1..1000000");
        assertError(ok.replace("correct: Blue, attention: true", "correct: Blue, attention: true, hypothesis: x"),
                "hypothesis: an attention check tests no hypothesis");
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, ok.replace("clips_not_watched: true ", "clips_not_watched: false ").replaceAll("(?m)^sample_size.*$", ""));
        StudyConfig off = StudyConfig.load(f);
        assertEquals(List.of("min_seconds_per_page", "attention_checks_failed"), off.exclusions().stream().map(ExclusionRule::rule).toList(),
                "a yes/no rule set to false is off");
        assertEquals(null, off.sampleSize());
    }

    private void assertError(String yaml, String expected) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> StudyConfig.load(f));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void highlightsPicksTheWindowWithTheMostDecidedSteps() {
        List<Double> s = List.of(0.1, 0.1, 0.9, 0.9, 0.8, 0.1, 0.1);
        assertEquals(2, StudyBuild.bestWindow(s, 3));
        assertEquals(0, StudyBuild.bestWindow(s, 7));
        assertEquals(0, StudyBuild.bestWindow(List.of(0.5, 0.5, 0.5), 2), "the earliest of equal windows");
    }
}
