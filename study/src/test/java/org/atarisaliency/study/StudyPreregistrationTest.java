package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preregistration draft of the paper's example: its sections, hypotheses, design, questions, rules, tests and sample size. */
class StudyPreregistrationTest {
    @TempDir
    Path dir;

    @Test
    void thePaperExampleGivesEverySectionWithItsRulesAndTests() throws Exception {
        StudyConfig c = StudyConfig.load(StudyConfigTest.EXAMPLE);
        Path out = dir.resolve("prereg.md");
        StudyPreregistration.write(c, out);
        String md = Files.readString(out);
        assertTrue(md.startsWith("# Preregistration (DRAFT): How do these game-playing programs decide?\n"), md);
        List<String> headings = md.lines().filter(l -> l.startsWith("## ")).toList();
        assertEquals(List.of("## 1. Hypotheses", "## 2. Design", "## 3. Dependent variables", "## 4. Exclusion rules", "## 5. Planned analyses",
                "## 6. Sample size"), headings);
        assertTrue(md.contains("H1. More participants choose the control agent as the more robust one with saliency than without"
                + " (the paper: 35.5% to 58.1%). (measured by `robust`)"), md);
        assertTrue(md.contains("H2. More participants would trust the control agent more"), md);
        assertTrue(md.contains("- `without` (\"Part 1 of 2\"): clips without saliency") && md.contains("- `with` (\"Part 2 of 2\"): clips with saliency"), md);
        assertTrue(md.contains("The block order is fixed, so the block and its position"), "the order confound is stated");
        assertTrue(md.contains("labels rotated") && md.contains("block order fixed"), md);
        assertTrue(md.contains("| paper.1 | paper | without -> with | Agent 1 = overfit, Agent 2 = control |\n"
                + "| paper.2 | paper | without -> with | Agent 1 = control, Agent 2 = overfit |\n"), md);
        assertTrue(md.contains("300 frames at 20 fps (15.0 s), starting after 60 steps, greedy actions"), md);
        assertTrue(md.contains("| Which agent has a more robust strategy? (`robust`) | choice | (the agents' labels); Can't tell | control | tests a hypothesis |"), md);
        assertTrue(md.contains("(`attention`) | choice | Red; Green; Blue; Yellow | Blue | attention check |"), md);
        assertTrue(md.contains("(`paddle`) | choice | The orange one on the left; The green one on the right | The green one on the right"
                + " | comprehension check (retried until right) |"), md);
        assertTrue(md.contains("(`confidence`) | slider | 0 to 100 in steps of 1 | - | measure |"), md);
        assertTrue(md.contains("1. Participants who did not complete the study (who declined consent or left before the final page) are excluded."
                + " (`not_completed`)"), md);
        assertTrue(md.contains("2. Participants whose median time on the pages with questions") && md.contains("is below 3 seconds are excluded."
                + " (`min_seconds_per_page`)"), md);
        assertTrue(md.contains("3. Participants whose final answer is wrong on at least 1 attention-check question are excluded."), md);
        assertTrue(md.contains("4. Participants who did not watch every clip on a page that requires watching (at least 95% of the clip played)"), md);
        assertTrue(md.contains("Wilson score 95% interval") && md.contains("exact McNemar test") && md.contains("Wilcoxon signed-rank"), md);
        assertTrue(!md.contains("Mann-Whitney"), "one condition: no between-subjects test is planned");
        assertTrue(md.contains("## 6. Sample size\n\n31 included participants"), md);
        assertTrue(md.contains("> **Draft.**"), md);
    }

    @Test
    void aMissingSampleSizeIsFlaggedAndBetweenSubjectsTestsArePlanned() throws Exception {
        String yaml = Files.readString(StudyConfigTest.ROOT.resolve("examples/study-2x2.yaml"))
                .replace("../models/", StudyConfigTest.ROOT.resolve("models") + "/").replaceAll("(?m)^sample_size.*$", "");
        Path f = Files.writeString(dir.resolve("s.yaml"), yaml);
        String md = StudyPreregistration.markdown(StudyConfig.load(f));
        assertTrue(md.contains("**TO BE DECIDED: no `sample_size` in the study YAML.**"), md);
        assertTrue(md.contains("Mann-Whitney U") && md.contains("Fisher's exact test") && !md.contains("McNemar"), md);
        assertTrue(md.contains("- `summary+saliency`: clips with saliency; clips 200 frames at 20 fps (10.0 s), starting where the policy is most"
                + " decided within the first 1500 steps (highlights)"), md);
        assertTrue(md.contains("less than 120 seconds from consent to completion"), md);
    }
}
