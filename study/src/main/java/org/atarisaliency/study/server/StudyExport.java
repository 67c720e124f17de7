package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.pipelines.OutputException;
import org.atarisaliency.study.ExclusionRules;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Question;

/**
 * Exports a study database to CSV for the analysis: {@code participants.csv} (one row per participation),
 * {@code answers.csv} (long format, one row per stored answer, every attempt of a check page included),
 * {@code events.csv} (one row per video event), {@code reentries.csv} ({@link ReentryExport}), {@code clips.csv} (per
 * participant, video page shown and clip: the watched fraction, seeks, plays and highest rate, see
 * {@link WatchCoverage#ofClip}), {@code declines.csv} (who declined on the start page), {@code exclusions.json} (the
 * study's exclusion rules, applied to every participant in participants.csv's flags and {@code included}) and
 * {@code prolific.csv} (a draft {@link ProlificDecision} per Prolific participant). Participants appear
 * by their internal id only. Times are ISO-8601 UTC. Text that a spreadsheet would run as a formula gets one {@code '}
 * in front (see {@link CsvWriter#neutralise}). The files are written into a temporary folder beside the export folder,
 * which is swapped in only when all are complete: a failed export leaves the previous one as it was.
 */
public final class StudyExport {
    /** The columns of answers.csv. */
    public static final List<String> ANSWER_COLUMNS = List.of("participant", "arm", "condition", "block_order", "labels", "page_index", "page",
            "page_type", "block", "question", "question_type", "attempt", "answer", "answer_means", "correct", "attention", "page_seconds", "answered_at",
            "included");
    /** The columns of participants.csv. */
    public static final List<String> PARTICIPANT_COLUMNS = List.of("participant", "source", "prolific_pid", "study_id", "session_id", "arm",
            "condition", "block_order", "labels", "status", "started_at", "finished_at", "total_seconds", "attention_passed", "attention_total", "reentries",
            "median_page_seconds", "attention_failed", "clips_unwatched", "duplicate_device", "included", "excluded_by");
    /** The columns of events.csv. */
    public static final List<String> EVENT_COLUMNS = List.of("participant", "page", "video", "event", "media_time", "server_time",
            "playback_rate");
    private static final String ANSWERS = "answers.csv";
    private static final String PARTICIPANTS = "participants.csv";
    private static final String EVENTS = "events.csv";
    private static final String REENTRIES = "reentries.csv";
    private static final String EXCLUSIONS = "exclusions.json";
    private static final String PROLIFIC = "prolific.csv";
    private static final String CLIPS = "clips.csv";
    private static final String DECLINES = "declines.csv";
    /** Every file an export writes: an export folder holds these and nothing else. */
    public static final List<String> FILES = List.of(ANSWERS, PARTICIPANTS, EVENTS, REENTRIES, CLIPS, DECLINES, EXCLUSIONS, PROLIFIC);
    /** The columns of clips.csv: one row per participant, video page they were shown, and clip ({@link WatchCoverage}). */
    public static final List<String> CLIP_COLUMNS = List.of("participant", "page_id", "block", "label", "agent", "saliency", "duration_s",
            "watched_fraction", "seeks", "max_playback_rate", "plays", "completed");
    /** The columns of declines.csv: people who chose "I do not agree" on the start page (no participant was made for them). */
    public static final List<String> DECLINE_COLUMNS = List.of("at", "prolific_pid", "study_id", "session_id");

    private StudyExport() {
    }

    /**
     * What was written.
     *
     * @param participants rows of participants.csv
     * @param answers      rows of answers.csv
     * @param events       rows of events.csv
     */
    public record Summary(int participants, int answers, int events) {
    }

    /**
     * Writes participants.csv, answers.csv and events.csv as the folder {@code outDir}, replacing an earlier export
     * there as a whole (a folder holding other files is refused).
     *
     * @param dbFile   the study database
     * @param studyDir the built study folder, or null to use the one the database was served from
     * @throws IOException with a one-line message when the database or study cannot be read, or the study.json
     *                     is not the one the database was served with
     */
    public static Summary export(Path dbFile, Path studyDir, Path outDir) throws IOException {
        return export(dbFile, studyDir, outDir, file -> { });
    }

    /** Called with each file's path just before it is written (tests inject write failures here). */
    interface BeforeWrite {
        void file(Path file) throws IOException;
    }

    static Summary export(Path dbFile, Path studyDir, Path outDir, BeforeWrite beforeWrite) throws IOException {
        try (StudyDatabase db = StudyDatabase.openReadOnly(dbFile)) {
            Map<String, String> meta = db.meta();
            Path dir = studyDir != null ? studyDir : meta.get("study_dir") == null ? null : Path.of(meta.get("study_dir"));
            if (dir == null) {
                throw new IOException(dbFile + " does not say which study it belongs to; pass the study folder");
            }
            StudyFolder study = StudyFolder.load(dir);
            if (!study.sha256().equals(meta.get("study_sha256"))) {
                throw new IOException(dir.resolve("study.json") + " is not the study.json " + dbFile + " was served with (sha256 "
                        + meta.get("study_sha256") + ")");
            }
            Path out = outDir.toAbsolutePath().normalize();
            checkReplaceable(out);
            Path tmp = OutputFiles.tempFolder(out.getParent(), "." + out.getFileName() + ".export-");
            try {
                ExclusionRules rules = new ExclusionRules(study.definition().exclusions());
                List<ClipWatching.Watched> watched = ClipWatching.all(db, study);   // read once: the rules and clips.csv
                Map<Long, ExclusionRules.Facts> facts = ExclusionFacts.gather(db, study, watched);
                Map<Long, ExclusionRules.Verdict> verdicts = new HashMap<>();
                facts.forEach((id, f) -> verdicts.put(id, rules.judge(f)));
                beforeWrite.file(tmp.resolve(ANSWERS));
                int answers = answers(db, study.definition(), verdicts, tmp.resolve(ANSWERS));
                beforeWrite.file(tmp.resolve(PARTICIPANTS));
                int participants = participants(db, study.definition(), facts, verdicts, tmp.resolve(PARTICIPANTS));
                beforeWrite.file(tmp.resolve(EXCLUSIONS));
                ExclusionsFile.write(rules, tmp.resolve(EXCLUSIONS));
                beforeWrite.file(tmp.resolve(PROLIFIC));
                prolific(db, facts, verdicts, tmp.resolve(PROLIFIC));
                beforeWrite.file(tmp.resolve(EVENTS));
                int events = events(db, tmp.resolve(EVENTS));
                beforeWrite.file(tmp.resolve(REENTRIES));
                ReentryExport.write(db, tmp.resolve(REENTRIES));
                beforeWrite.file(tmp.resolve(CLIPS));
                clips(watched, tmp.resolve(CLIPS));
                beforeWrite.file(tmp.resolve(DECLINES));
                declines(db, tmp.resolve(DECLINES));
                OutputFiles.replaceFolder(tmp, out);
                return new Summary(participants, answers, events);
            } catch (IOException | RuntimeException e) {
                OutputFiles.deleteTree(tmp);
                OutputFiles.released(tmp);
                throw new OutputException("cannot write the export to " + out + " (" + e.getMessage() + "); the previous export there is unchanged");
            }
        }
    }

    /** An existing export folder is replaced as a whole, so it may hold nothing but export files. */
    private static void checkReplaceable(Path out) throws IOException {
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(out + " is not a folder; choose another export folder");
        }
        try (Stream<Path> s = Files.list(out)) {
            for (Path p : s.sorted().toList()) {
                if (!FILES.contains(p.getFileName().toString()) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(p + " was not written by study export; the export replaces its folder as a whole,"
                            + " so choose an empty or new export folder (or move that file away)");
                }
            }
        }
    }

    private static int answers(StudyDatabase db, StudyDefinition d, Map<Long, ExclusionRules.Verdict> verdicts, Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        db.query("SELECT a.participant, p.arm, p.condition, a.page_index, a.page_id, a.question_id, a.attempt, a.value, a.means, a.correct,"
                + " a.answered_at, v.shown_at, v.submitted_at FROM answers a JOIN participants p ON p.id = a.participant"
                + " LEFT JOIN page_visits v ON v.participant = a.participant AND v.page_index = a.page_index"
                + " ORDER BY a.participant, a.page_index, a.attempt, a.id", List.of(), r -> {
                    Arm arm = d.arm(r.getString(2));
                    Page page = page(arm, r.getString(5));
                    Question q = question(page, r.getString(6));
                    int correct = r.getInt(10);
                    Object correctText = r.wasNull() ? null : correct == 1;
                    long shown = r.getLong(12);
                    boolean noShown = r.wasNull();
                    long submitted = r.getLong(13);
                    boolean noSubmitted = r.wasNull();
                    rows.add(java.util.Arrays.asList(r.getLong(1), r.getString(2), r.getString(3), blockOrder(arm), labels(arm), r.getInt(4),
                            r.getString(5), page == null ? null : page.type(), page == null ? null : page.block(), r.getString(6),
                            q == null ? null : q.type(), r.getInt(7), r.getString(8), r.getString(9), correctText,
                            q == null ? null : q.attention(), noShown || noSubmitted ? null : seconds(submitted - shown), iso(r.getLong(11)),
                            included(verdicts, r.getLong(1))));
                });
        write(file, ANSWER_COLUMNS, rows);
        return rows.size();
    }

    private static int participants(StudyDatabase db, StudyDefinition d, Map<Long, ExclusionRules.Facts> facts,
                                    Map<Long, ExclusionRules.Verdict> verdicts, Path file) throws IOException {
        Map<Long, int[]> attention = ExclusionFacts.attention(db, d);
        Map<Long, Integer> reentries = ReentryExport.counts(db);
        List<List<Object>> rows = new ArrayList<>();
        db.query("SELECT id, prolific_pid, study_id, session_id, arm, condition, status, started_at, finished_at FROM participants ORDER BY id",
                List.of(), r -> {
                    Arm arm = d.arm(r.getString(5));
                    long started = r.getLong(8);
                    long finished = r.getLong(9);
                    boolean open = r.wasNull();
                    int[] att = attention.getOrDefault(r.getLong(1), new int[2]);
                    ExclusionRules.Facts f = facts.get(r.getLong(1));
                    ExclusionRules.Verdict v = verdicts.get(r.getLong(1));
                    rows.add(java.util.Arrays.asList(r.getLong(1), r.getString(2) == null ? "lab" : "prolific", r.getString(2), r.getString(3),
                            r.getString(4), r.getString(5), r.getString(6), blockOrder(arm), labels(arm), r.getString(7), iso(started),
                            open ? null : iso(finished), open ? null : seconds(finished - started), att[0], att[1],
                            reentries.getOrDefault(r.getLong(1), 0), f.medianPageSeconds() == null ? null : seconds(f.medianPageSeconds()),
                            f.attentionFailed(), f.clipsUnwatched(), f.duplicateDevice(), v.included(), v.excludedBy()));
                });
        write(file, PARTICIPANT_COLUMNS, rows);
        return rows.size();
    }

    /** Whether the participant is in the analysis ("included"). */
    private static boolean included(Map<Long, ExclusionRules.Verdict> verdicts, long participant) {
        ExclusionRules.Verdict v = verdicts.get(participant);
        return v != null && v.included();
    }

    /**
     * prolific.csv: a draft decision per participant who came from Prolific, in id order, then one per Prolific id that
     * declined on the landing page and never took part (screened out).
     */
    private static void prolific(StudyDatabase db, Map<Long, ExclusionRules.Facts> facts, Map<Long, ExclusionRules.Verdict> verdicts, Path file)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        java.util.Set<String> decided = new java.util.HashSet<>();
        db.query("SELECT id, prolific_pid, session_id, status FROM participants WHERE prolific_pid IS NOT NULL ORDER BY id", List.of(), r -> {
            ProlificDecision decision = ProlificDecision.of(r.getString(4), facts.get(r.getLong(1)).attentionFailed(),
                    verdicts.get(r.getLong(1)).excludedBy());
            decided.add(r.getString(2));
            rows.add(java.util.Arrays.asList(r.getString(2), r.getString(3), decision.decision(), decision.reason()));
        });
        db.query("SELECT prolific_pid, session_id FROM declines WHERE prolific_pid IS NOT NULL ORDER BY id", List.of(), r -> {
            if (decided.add(r.getString(1))) {
                ProlificDecision decision = ProlificDecision.of(Participant.DECLINED, 0, null);
                rows.add(java.util.Arrays.asList(r.getString(1), r.getString(2), decision.decision(), decision.reason()));
            }
        });
        write(file, ProlificDecision.COLUMNS, rows);
    }

    private static int events(StudyDatabase db, Path file) throws IOException {
        int[] n = {0};
        try (CsvWriter w = new CsvWriter(file, EVENT_COLUMNS)) {
            IOException[] failure = {null};
            db.query("SELECT participant, page_id, video_label, event, media_time, server_time, playback_rate FROM events ORDER BY participant, id",
                    List.of(), r -> {
                double media = r.getDouble(5);
                Object mediaText = r.wasNull() ? null : media;
                double rate = r.getDouble(7);
                Object rateText = r.wasNull() ? null : rate;
                try {
                    w.row(java.util.Arrays.asList(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), mediaText, iso(r.getLong(6)), rateText));
                    n[0]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            w.commit();
        }
        return n[0];
    }

    /** clips.csv: per participant, each video page they were shown and each clip on it, how much of it they watched. */
    private static void clips(List<ClipWatching.Watched> watched, Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (ClipWatching.Watched w : watched) {
            WatchCoverage.Coverage c = w.coverage();
            rows.add(java.util.Arrays.asList(w.participant(), w.page().id(), w.page().block(), w.video().label(), w.video().agent(),
                    w.video().saliency(), String.format(Locale.ROOT, "%.3f", w.duration()), String.format(Locale.ROOT, "%.3f", c.fraction()),
                    c.seeks(), c.maxPlaybackRate(), c.plays(), c.complete()));
        }
        write(file, CLIP_COLUMNS, rows);
    }

    private static void declines(StudyDatabase db, Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        db.query("SELECT at, prolific_pid, study_id, session_id FROM declines ORDER BY id", List.of(),
                r -> rows.add(java.util.Arrays.asList(iso(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4))));
        write(file, DECLINE_COLUMNS, rows);
    }

    private static void write(Path file, List<String> columns, List<List<Object>> rows) throws IOException {
        try (CsvWriter w = new CsvWriter(file, columns)) {
            for (List<Object> row : rows) {
                w.row(row);
            }
            w.commit();
        }
    }

    static Page page(Arm arm, String pageId) {
        return arm == null ? null : arm.pages().stream().filter(p -> p.id().equals(pageId)).findFirst().orElse(null);
    }

    static Question question(Page page, String questionId) {
        return page == null ? null : StudyFolder.nonNull(page.questions()).stream().filter(q -> q.id().equals(questionId)).findFirst().orElse(null);
    }

    static String blockOrder(Arm arm) {
        return arm == null || arm.blockOrder() == null ? "" : String.join(";", arm.blockOrder());
    }

    static String labels(Arm arm) {
        return arm == null || arm.labels() == null ? ""
                : arm.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    private static String seconds(long ms) {
        return seconds(ms / 1000.0);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
