package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.atarisaliency.study.ExclusionRule;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Option;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;
import org.atarisaliency.study.StudyDefinition.Video;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export's exclusion flags, {@code included}, {@code excluded_by}, exclusions.json and prolific.csv, for participants
 * with crafted timings, answers and video events, stored through the database API with chosen clock times.
 */
class ExclusionExportTest {
    static final List<ExclusionRule> RULES = List.of(new ExclusionRule("min_seconds_per_page", 3.0), new ExclusionRule("attention_checks_failed", 1.0),
            new ExclusionRule("clips_not_watched", null), new ExclusionRule("duplicate_devices", null));
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    @TempDir
    Path dir;

    /** One crafted participant: seconds on each page, wrong attention answers, whether the clips play, pages submitted (all: -1). */
    record Person(String pid, String userAgent, double secondsPerPage, int attentionWrong, boolean watches, int pagesDone) {
    }

    @Test
    void flagsIncludedExcludedByAndProlificDecisionsFollowTheRules() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        StudyDefinition fixture = StudyFixture.definition();
        StudyDefinition d = new StudyDefinition(fixture.format(), fixture.name(), fixture.title(), fixture.seed(), fixture.completion(),
                fixture.conditions(), fixture.arms().stream().map(ExclusionExportTest::withSecondAttentionCheck).toList(), fixture.provenance(), RULES);
        Files.writeString(study.resolve("study.json"), d.toJson());
        StudyFixture.writeChecksums(study);
        Path dbFile = dir.resolve("study.db");
        List<Person> people = List.of(
                new Person("CAREFUL", "careful-browser", 10, 0, true, -1),
                new Person("SPEEDER", "speedy-browser", 1.5, 2, true, -1),          // fast and inattentive: the first rule (speed) is recorded
                new Person("INATTENTIVE", "browser-3", 10, 2, true, -1),            // two failed attention checks: rejected on Prolific
                new Person("ONESLIP", "browser-4", 10, 1, true, -1),                // one failed: excluded, still approved
                new Person("SKIPPER", "browser-5", 10, 0, false, -1),               // never played the clips
                new Person("QUITTER", "browser-6", 10, 0, true, 2),
                new Person(null, "careful-browser", 10, 0, true, -1),               // a lab participant on CAREFUL's device
                new Person("DECLINER", "browser-8", 10, 0, true, 0));
        try (StudyDatabase db = StudyDatabase.open(dbFile, StudyFolder.load(study))) {
            long t = 1_700_000_000_000L;
            for (Person p : people) {
                take(db, d, p, t);
                t += 3_600_000;
            }
        }
        Path out = dir.resolve("export");
        StudyExport.export(dbFile, null, out);

        List<Map<String, String>> rows = StudyExportTest.read(out.resolve("participants.csv"), StudyExport.PARTICIPANT_COLUMNS);
        assertEquals(List.of("10.000", "1.500", "10.000", "10.000", "10.000", "10.000", "10.000"), column(rows, "median_page_seconds"),
                "median over the pages with questions, shown to submitted");
        assertEquals(List.of("0", "2", "2", "1", "0", "0", "0"), column(rows, "attention_failed"));
        assertEquals(List.of("0", "0", "0", "0", "2", "0", "0"), column(rows, "clips_unwatched"));
        assertEquals(List.of("false", "false", "false", "false", "false", "false", "true"), column(rows, "duplicate_device"));
        assertEquals(List.of("true", "false", "false", "false", "false", "false", "false"), column(rows, "included"));
        assertEquals(List.of("", "min_seconds_per_page", "attention_checks_failed", "attention_checks_failed", "clips_not_watched", "not_completed",
                "duplicate_devices"), column(rows, "excluded_by"));

        List<Map<String, String>> answers = StudyExportTest.read(out.resolve("answers.csv"), StudyExport.ANSWER_COLUMNS);
        assertEquals(Map.of("1", "true", "2", "false", "3", "false", "4", "false", "5", "false", "6", "false", "7", "false"),
                answers.stream().collect(Collectors.toMap(r -> r.get("participant"), r -> r.get("included"), (a, b) -> a)),
                "answers.csv says who is included, on every row");

        List<Map<String, String>> prolific = StudyExportTest.read(out.resolve("prolific.csv"), ProlificDecision.COLUMNS);
        assertEquals(List.of("CAREFUL", "SPEEDER", "INATTENTIVE", "ONESLIP", "SKIPPER", "QUITTER", "DECLINER"), column(prolific, "PROLIFIC_PID"),
                "Prolific participants only");
        assertEquals(List.of("approve", "reject", "reject", "approve", "approve", "return", "screened-out"), column(prolific, "decision"));
        assertEquals("X-SPEEDER", prolific.get(1).get("SESSION_ID"));
        assertEquals("completed; excluded from the analysis by attention_checks_failed, still paid", prolific.get(3).get("reason"));
        assertTrue(prolific.get(2).get("reason").startsWith("failed 2 attention checks"), prolific.get(2).get("reason"));

        JsonNode json = new ObjectMapper().readTree(out.resolve("exclusions.json").toFile());
        List<String> tests = new ArrayList<>();
        json.get("rules").forEach(r -> tests.add(r.get("rule").asText() + ": " + r.get("excludes_when").asText()));
        assertEquals(List.of("not_completed: status != completed", "min_seconds_per_page: median_page_seconds < 3",
                "attention_checks_failed: attention_failed >= 1", "clips_not_watched: clips_unwatched > 0",
                "duplicate_devices: duplicate_device == true"), tests);
        assertEquals(3.0, json.get("rules").get(1).get("value").asDouble());
        assertTrue(json.get("rules").get(3).get("text").asText().contains("at least 95%"));
    }

    /** Enters, then submits pages (each {@code secondsPerPage} after it was shown) and plays the clips, at crafted times. */
    private static void take(StudyDatabase db, StudyDefinition d, Person p, long t0) {
        if (p.pagesDone() == 0) {
            // "I do not agree" on the landing page: no participant, a row in declines
            db.recordDecline(t0 + 5000, p.pid(), "S1", "X-" + p.pid());
            return;
        }
        // the crafted user agent stands for the device hash the server records (address and user agent)
        StudyDatabase.Entry e = db.enter(p.pid(), p.pid() == null ? null : "S1", p.pid() == null ? null : "X-" + p.pid(), p.userAgent(),
                p.userAgent(), d.arms(), t0, null);
        long id = e.participant().id();
        List<Page> pages = d.arm(e.participant().arm()).pages();
        long t = t0;
        int wrong = p.attentionWrong();
        int last = p.pagesDone() < 0 ? pages.size() - 1 : p.pagesDone();
        for (int i = 0; i < last; i++) {
            Page page = pages.get(i);
            db.pageShown(id, i, page.id(), t);
            for (Video v : StudyFolder.nonNull(page.videos())) {
                if (p.watches()) {
                    // played through at normal speed: a time report every 100 ms of media and clock, then ended
                    db.event(id, i, page.id(), v.label(), "play", 0.0, (double) t, 1.0, t, 1000);
                    for (long ms = 100; ms < StudyFixture.VIDEO_MILLIS; ms += 100) {
                        db.event(id, i, page.id(), v.label(), "time", ms / 1000.0, (double) (t + ms), 1.0, t + ms, 1000);
                    }
                    long end = StudyFixture.VIDEO_MILLIS;
                    db.event(id, i, page.id(), v.label(), "ended", end / 1000.0, (double) (t + end), 1.0, t + end, 1000);
                }
            }
            List<AnswerRow> answers = new ArrayList<>();
            for (Question q : StudyFolder.nonNull(page.questions())) {
                boolean right = !(q.attention() && wrong-- > 0);
                String value = q.options() == null ? "50" : q.options().stream().map(Option::means)
                        .filter(m -> q.correct() == null || m.equals(q.correct()) == right).findFirst().orElseThrow();
                answers.add(new AnswerRow(q.id(), value, value, q.correct() == null ? null : right));
            }
            t += Math.round(p.secondsPerPage() * 1000);
            db.submit(id, i, page.id(), answers, true, i + 1 == pages.size() - 1, t);
        }
    }

    /** The arm with a second attention check on its questions page. */
    private static Arm withSecondAttentionCheck(Arm arm) {
        List<Page> pages = arm.pages().stream().map(p -> !p.id().equals("rate.b1") ? p : new Page(p.id(), p.type(), p.block(), p.title(), p.text(),
                p.videos(), p.requireEnd(), concat(p.questions(), new Question("attn2", "choice", "Please choose Red.",
                        List.of(new Option("Red", "Red"), new Option("Blue", "Blue")), "Red", true, true, null, null, null, null, null, null)),
                p.feedback(), p.button())).toList();
        return new Arm(arm.id(), arm.condition(), arm.blockOrder(), arm.labels(), pages);
    }

    private static <T> List<T> concat(List<T> a, T b) {
        List<T> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private static List<String> column(List<Map<String, String>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }
}
