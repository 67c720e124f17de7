package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export, read back with a strict RFC 4180 parser (and Python's csv module where python3 is installed). */
class StudyExportTest {
    static final String NASTY = "commas, \"quotes\" and\nnew lines; also = + - @ and ünïcödé ✓";
    @TempDir
    Path dir;

    @Test
    void exportsEveryAnswerParticipantAndEventAsReadableCsv() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path db = dir.resolve("study.db");
        try (StudyServer.Running server = StudyServer.start(study, db, "127.0.0.1", 0, null)) {
            var http = Browser.client();
            Browser lab = new Browser(http, server.port());
            lab.enter("");
            lab.submit("understand", "Chess");
            lab.submit("understand", "Pong");
            lab.watchVideos();
            lab.submit();
            lab.submit(Browser.rateAnswers(NASTY.replace("\n", "\r\n")));
            Browser prolific = new Browser(http, server.port());
            prolific.enter("?PROLIFIC_PID=P1&STUDY_ID=S1&SESSION_ID=X1");
            new Browser(http, server.port()).enter("?PROLIFIC_PID=P1&STUDY_ID=S1&SESSION_ID=stolen");
            prolific.complete("plain");
            Browser declined = new Browser(http, server.port());
            declined.get("/?PROLIFIC_PID=P2");
            declined.pressStart("decline");
            // still on the video page: played Agent 1 for a moment, then jumped to its end
            Browser open = new Browser(http, server.port());
            open.enter("");
            open.submit("understand", "Pong");
            open.event("Agent 1", "play", 0);
            open.event("Agent 1", "seeked", 0.45);
            open.event("Agent 1", "ended", 0.5);
        }
        Path out = dir.resolve("export");
        StudyExport.Summary summary = StudyExport.export(db, null, out);
        assertEquals(new StudyExport.Summary(3, 14, 4 * Browser.REPORTS_PER_CLIP + 3), summary);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("answers.csv", "clips.csv", "declines.csv", "events.csv", "exclusions.json", "participants.csv", "prolific.csv",
                    "reentries.csv"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        List<Map<String, String>> answers = read(out.resolve("answers.csv"), StudyExport.ANSWER_COLUMNS);
        assertEquals(14, answers.size());
        Map<String, String> why = answers.stream().filter(r -> r.get("question").equals("why") && r.get("participant").equals("1")).findFirst().orElseThrow();
        assertEquals(NASTY, why.get("answer"), "free text survives, CRLF stored as LF");
        assertEquals("text", why.get("question_type"));
        assertEquals("rate.b1", why.get("page"));
        assertEquals("questions", why.get("page_type"));
        assertEquals("b1", why.get("block"));
        assertEquals("A", why.get("arm"));
        assertEquals("with", why.get("condition"));
        assertEquals("b1", why.get("block_order"));
        assertEquals("Agent 1=overfit;Agent 2=control", why.get("labels"));
        assertTrue(why.get("answered_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), why.get("answered_at"));
        assertTrue(Double.parseDouble(why.get("page_seconds")) >= 0);
        List<Map<String, String>> checks = answers.stream().filter(r -> r.get("participant").equals("1") && r.get("page").equals("check")).toList();
        assertEquals(List.of("1", "2"), checks.stream().map(r -> r.get("attempt")).toList());
        assertEquals(List.of("false", "true"), checks.stream().map(r -> r.get("correct")).toList());
        Map<String, String> attn = answers.stream().filter(r -> r.get("question").equals("attn")).findFirst().orElseThrow();
        assertEquals("true", attn.get("attention"));
        Map<String, String> which = answers.stream().filter(r -> r.get("question").equals("which") && r.get("participant").equals("2")).findFirst().orElseThrow();
        assertEquals("Agent 1", which.get("answer"));
        assertEquals("control", which.get("answer_means"), "arm B: Agent 1 is the control agent");
        assertEquals("false", which.get("correct"));
        Map<String, String> trust = answers.stream().filter(r -> r.get("question").equals("trust")).findFirst().orElseThrow();
        assertEquals("likert", trust.get("question_type"));
        assertEquals("4", trust.get("answer_means"));
        assertEquals("", trust.get("correct"));

        List<Map<String, String>> participants = read(out.resolve("participants.csv"), StudyExport.PARTICIPANT_COLUMNS);
        assertEquals(List.of("lab", "prolific", "lab"), participants.stream().map(r -> r.get("source")).toList(), "who declined is no participant");
        assertEquals(List.of("completed", "completed", "in_progress"), participants.stream().map(r -> r.get("status")).toList());
        Map<String, String> p1 = participants.get(1);
        assertEquals("P1", p1.get("prolific_pid"));
        assertEquals("S1", p1.get("study_id"));
        assertEquals("X1", p1.get("session_id"));
        assertEquals("B", p1.get("arm"));
        assertEquals("Agent 1=control;Agent 2=overfit", p1.get("labels"));
        assertEquals("1", p1.get("attention_passed"));
        assertEquals("1", p1.get("attention_total"));
        assertTrue(Double.parseDouble(p1.get("total_seconds")) >= 0);
        assertEquals("", participants.get(2).get("finished_at"));
        assertEquals("0", participants.get(2).get("attention_total"));
        assertEquals(List.of("0", "1", "0"), participants.stream().map(r -> r.get("reentries")).toList());
        List<Map<String, String>> declines = read(out.resolve("declines.csv"), StudyExport.DECLINE_COLUMNS);
        assertEquals(List.of("P2"), declines.stream().map(r -> r.get("prolific_pid")).toList());

        List<Map<String, String>> clips = read(out.resolve("clips.csv"), StudyExport.CLIP_COLUMNS);
        assertEquals(List.of("1 Agent 1 overfit true", "1 Agent 2 control true", "2 Agent 1 control true", "2 Agent 2 overfit true",
                "3 Agent 1 overfit false", "3 Agent 2 control false"), clips.stream().map(r -> r.get("participant") + " " + r.get("label") + " "
                + r.get("agent") + " " + r.get("completed")).toList(), "per participant who was shown the video page, per clip");
        assertEquals("1.000", clips.get(0).get("watched_fraction"));
        assertEquals("0.500", clips.get(0).get("duration_s"));
        assertEquals("videos.b1", clips.get(0).get("page_id"));
        assertEquals("b1", clips.get(0).get("block"));
        assertEquals("true", clips.get(0).get("saliency"));
        assertEquals("1", clips.get(0).get("plays"));
        assertEquals("0", clips.get(0).get("seeks"));
        assertEquals("1.0", clips.get(0).get("max_playback_rate"));
        Map<String, String> skipper = clips.get(4);
        assertEquals("0.100", skipper.get("watched_fraction"), "only the 0.05 s after the jump: " + skipper);
        assertEquals("1", skipper.get("seeks"));
        assertEquals("0.000", clips.get(5).get("watched_fraction"));
        List<Map<String, String>> reentries = read(out.resolve("reentries.csv"), ReentryExport.COLUMNS);
        assertEquals(1, reentries.size());
        assertEquals("2", reentries.get(0).get("participant"));
        assertEquals("stolen", reentries.get(0).get("session_id"));
        assertEquals("refused-mismatch", reentries.get(0).get("outcome"));

        List<Map<String, String>> events = read(out.resolve("events.csv"), StudyExport.EVENT_COLUMNS);
        assertEquals(4 * Browser.REPORTS_PER_CLIP + 3, events.size());
        assertEquals("videos.b1", events.get(0).get("page"));
        assertEquals("Agent 1", events.get(0).get("video"));
        assertEquals("play", events.get(0).get("event"));

        pythonReadsTheSameRows(out.resolve("answers.csv"), 15, NASTY);
    }

    @Test
    void refusesAStudyJsonOtherThanTheOneServed() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path db = dir.resolve("study.db");
        StudyServer.start(study, db, "127.0.0.1", 0, null).close();
        Files.writeString(study.resolve("study.json"), Files.readString(study.resolve("study.json")).replace("Which agent", "What agent"));
        IOException e = assertThrows(IOException.class, () -> StudyExport.export(db, study, dir.resolve("out")));
        assertTrue(e.getMessage().contains("is not the study.json"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("out").resolve("answers.csv")));
    }

    /** Free text that a spreadsheet would run as a formula, and text that merely looks neutralised. */
    static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
            "\tindented", "'=already quoted", "'plain quote", "-3", "2.5");

    @Test
    void formulasInFreeTextAreNeutralisedAndDecodeExactly() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path db = dir.resolve("study.db");
        try (StudyServer.Running server = StudyServer.start(study, db, "127.0.0.1", 0, null)) {
            var http = Browser.client();
            for (String text : FORMULAS) {
                Browser b = new Browser(http, server.port());
                b.enter("");
                b.complete(text);
            }
        }
        Path out = dir.resolve("export");
        StudyExport.export(db, null, out);
        List<String> cells = read(out.resolve("answers.csv"), StudyExport.ANSWER_COLUMNS).stream().filter(r -> r.get("question").equals("why"))
                .map(r -> r.get("answer")).toList();
        assertEquals(FORMULAS.size(), cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i), text = FORMULAS.get(i);
            boolean number = text.matches("-?[0-9]+(\\.[0-9]+)?");
            assertEquals(number ? text : "'" + text, cell, "a cell starting with = + - @ tab or ' gets one ' in front; plain numbers stay numbers");
            assertEquals(text, CsvWriter.decode(cell), "the documented decoding gives the answer back exactly");
        }
        List<String> confidence = read(out.resolve("answers.csv"), StudyExport.ANSWER_COLUMNS).stream()
                .filter(r -> r.get("question").equals("confidence")).map(r -> r.get("answer")).distinct().toList();
        assertEquals(List.of("75"), confidence, "slider numbers untouched");
    }

    @Test
    void aFailedExportLeavesTheOldOneWholeAndNoTemporary() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path db = dir.resolve("study.db");
        try (StudyServer.Running server = StudyServer.start(study, db, "127.0.0.1", 0, null)) {
            new Browser(Browser.client(), server.port()).enter("");
        }
        Path out = dir.resolve("export");
        StudyExport.export(db, null, out);
        Map<String, String> before = contents(out);
        try (StudyServer.Running server = StudyServer.start(study, db, "127.0.0.1", 0, null)) {
            new Browser(Browser.client(), server.port()).enter("?PROLIFIC_PID=P9");
        }
        IOException e = assertThrows(IOException.class, () -> StudyExport.export(db, null, out, file -> {
            if (file.getFileName().toString().equals("events.csv")) {
                throw new IOException("No space left on device");
            }
        }));
        assertEquals("cannot write the export to " + out + " (No space left on device); the previous export there is unchanged", e.getMessage());
        assertEquals(before, contents(out), "the old export is untouched: no mix of old and new files");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("export", "study", "study.db"), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("study.db-")).sorted().toList(),
                    "no temporary left beside the export");
        }
        StudyExport.export(db, null, out);
        assertEquals(2, read(out.resolve("participants.csv"), StudyExport.PARTICIPANT_COLUMNS).size(), "a later export replaces the whole set");

        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.writeString(mixed.resolve("notes.txt"), "mine");
        IOException refused = assertThrows(IOException.class, () -> StudyExport.export(db, null, mixed));
        assertTrue(refused.getMessage().startsWith(mixed.resolve("notes.txt") + " was not written by study export"), refused.getMessage());
        assertTrue(Files.isRegularFile(mixed.resolve("notes.txt")));
    }

    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> m = new HashMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return m;
    }

    /** A strict RFC 4180 reader: checks the header and returns the records as column-to-field maps. */
    static List<Map<String, String>> read(Path file, List<String> header) throws IOException {
        List<List<String>> records = Rfc4180.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(header, records.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> rec : records.subList(1, records.size())) {
            assertEquals(header.size(), rec.size(), "fields in " + rec);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), rec.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

    private static void pythonReadsTheSameRows(Path csv, int rows, String text) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import csv,sys\nrows=list(csv.reader(open(sys.argv[1],newline='',encoding='utf-8')))\n"
                    + "print(len(rows), sum(1 for r in rows if sys.argv[2] in r), len(set(len(r) for r in rows)))", csv.toString(), text)
                    .redirectErrorStream(true).start();
        } catch (IOException noPython) {
            System.out.println("export test: no python3, the csv module check is skipped");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(rows + " 1 1", out, "python's csv module: rows, rows holding the free text, distinct field counts");
    }
}
