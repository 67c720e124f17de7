package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.sqlite.SQLiteConfig;

/**
 * The study's SQLite database: participants, page visits, answers and video events.
 *
 * <p>One connection, used under one lock, so every transaction (arm assignment included) runs alone and a
 * check-then-write can never race. Each write commits before its method returns, and the server answers the
 * HTTP request only after that, so an acknowledged answer is on disk.
 *
 * <p>The schema is versioned with {@code PRAGMA user_version}: an older database is migrated step by step,
 * a newer one is refused. The meta table ties the database to one study (name and study.json sha256).
 */
public final class StudyDatabase implements AutoCloseable {
    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 3;
    /** The SQLite application id ("ASTY") that marks a study database from schema version 2 on. */
    static final int APPLICATION_ID = 0x41535459;

    /** Step i brings a database from version i to i + 1. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE participants (
              id INTEGER PRIMARY KEY,
              token_hash TEXT NOT NULL UNIQUE,
              csrf TEXT NOT NULL,
              prolific_pid TEXT UNIQUE,
              study_id TEXT,
              session_id TEXT,
              arm TEXT NOT NULL,
              condition TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('in_progress', 'completed', 'declined')),
              page_index INTEGER NOT NULL,
              started_at INTEGER NOT NULL,
              finished_at INTEGER,
              user_agent TEXT)""",
            "CREATE INDEX participants_arm ON participants(arm)",
            """
            CREATE TABLE page_visits (
              participant INTEGER NOT NULL REFERENCES participants(id),
              page_index INTEGER NOT NULL,
              page_id TEXT NOT NULL,
              shown_at INTEGER NOT NULL,
              submitted_at INTEGER,
              PRIMARY KEY (participant, page_index))""",
            """
            CREATE TABLE answers (
              id INTEGER PRIMARY KEY,
              participant INTEGER NOT NULL REFERENCES participants(id),
              page_index INTEGER NOT NULL,
              page_id TEXT NOT NULL,
              question_id TEXT NOT NULL,
              attempt INTEGER NOT NULL,
              value TEXT NOT NULL,
              means TEXT,
              correct INTEGER,
              answered_at INTEGER NOT NULL,
              UNIQUE (participant, page_id, question_id, attempt))""",
            """
            CREATE TABLE events (
              id INTEGER PRIMARY KEY,
              participant INTEGER NOT NULL REFERENCES participants(id),
              page_index INTEGER NOT NULL,
              page_id TEXT NOT NULL,
              video_label TEXT NOT NULL,
              event TEXT NOT NULL,
              media_time REAL,
              client_time REAL,
              server_time INTEGER NOT NULL)""",
            "CREATE INDEX events_page ON events(participant, page_id, event)"), List.of(
            """
            CREATE TABLE reentries (
              id INTEGER PRIMARY KEY,
              participant INTEGER NOT NULL REFERENCES participants(id),
              at INTEGER NOT NULL,
              prolific_pid TEXT NOT NULL,
              study_id TEXT,
              session_id TEXT,
              user_agent TEXT,
              outcome TEXT NOT NULL CHECK (outcome IN ('resumed', 'refused-mismatch', 'refused-finished')))""",
            "CREATE INDEX reentries_participant ON reentries(participant)",
            "PRAGMA application_id = " + APPLICATION_ID), List.of(
            "ALTER TABLE events ADD COLUMN playback_rate REAL",
            "ALTER TABLE participants ADD COLUMN device TEXT",
            """
            CREATE TABLE declines (
              id INTEGER PRIMARY KEY,
              at INTEGER NOT NULL,
              prolific_pid TEXT,
              study_id TEXT,
              session_id TEXT)"""));
    /** The meta key of the database's random secret (256 bits, base64url): media ids and start tokens are keyed by it. */
    private static final String SECRET = "secret";

    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();

    private StudyDatabase(Connection conn) {
        this.conn = conn;
    }

    /**
     * Opens (creating or migrating) the database for serving {@code study}. Refuses, with a one-line
     * IOException, a database of a newer schema or one that belongs to another study (other name or other
     * study.json).
     */
    public static StudyDatabase open(Path dbFile, StudyFolder study) throws IOException {
        StudyDatabase db = connect(dbFile, false);
        try {
            db.checkIsStudyDatabase(dbFile);
            db.migrate(dbFile);
            Map<String, String> meta = db.meta();
            String name = study.definition().name();
            if (meta.isEmpty()) {
                db.inTransaction(() -> {
                    db.putMeta("study_name", name);
                    db.putMeta("study_sha256", study.sha256());
                    db.putMeta("study_dir", study.dir().toString());
                    db.putMeta("created_at", Long.toString(System.currentTimeMillis()));
                    return null;
                });
            } else if (!name.equals(meta.get("study_name"))) {
                throw new IOException(dbFile + " belongs to study '" + meta.get("study_name") + "', not '" + name + "'; use another database file");
            } else if (!study.sha256().equals(meta.get("study_sha256"))) {
                throw new IOException(dbFile + " was started with a different study.json (sha256 " + meta.get("study_sha256")
                        + ", now " + study.sha256() + "); the pages may differ, so use another database file");
            }
            if (!meta.containsKey(SECRET)) {
                db.inTransaction(() -> {
                    db.putMeta(SECRET, Tokens.random(256));
                    return null;
                });
            }
            return db;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens an existing database read-only (for the export); refuses a missing file or a newer schema. */
    public static StudyDatabase openReadOnly(Path dbFile) throws IOException {
        if (!Files.isRegularFile(dbFile)) {
            throw new IOException(dbFile + ": no such database");
        }
        StudyDatabase db = connect(dbFile, true);
        try {
            db.checkIsStudyDatabase(dbFile);
            int v = db.userVersion();
            if (v != SCHEMA_VERSION) {
                throw new IOException(dbFile + " has schema version " + v + "; this version of atari-saliency reads version "
                        + SCHEMA_VERSION + (v < SCHEMA_VERSION ? " (serve it once with this version to migrate it)" : " (use a newer atari-saliency)"));
            }
            return db;
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static StudyDatabase connect(Path dbFile, boolean readOnly) throws IOException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(10_000);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        if (readOnly) {
            cfg.setReadOnly(true);
        } else {
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL, not NORMAL: in WAL mode NORMAL syncs only at checkpoints, so the last commits can be lost on a
            // power cut or OS crash; FULL syncs the WAL at every commit, so every acknowledged answer is durable.
            cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath(), cfg.toProperties());
            c.setAutoCommit(false);
            return new StudyDatabase(c);
        } catch (SQLException e) {
            throw new IOException(dbFile + ": cannot open the database (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Refuses, with a one-line IOException, a file that is not a readable SQLite database (damaged, or another
     * kind of file) and a SQLite database of something else: one with tables but no study schema version, or
     * with another application's id.
     */
    private void checkIsStudyDatabase(Path dbFile) throws IOException {
        long tables;
        long applicationId;
        int version;
        try {
            tables = count("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
            applicationId = count("PRAGMA application_id");
            version = userVersion();
            String check = integrity();
            if (!"ok".equals(check)) {
                throw new IOException(dbFile + " is damaged (SQLite's quick_check: " + check.lines().findFirst().orElse("")
                        + "); restore it from a backup or use another database file");
            }
        } catch (IllegalStateException e) {
            throw new IOException(dbFile + " is not a readable SQLite database (" + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + "); restore it from a backup or use another database file", e);
        }
        if ((applicationId != 0 && applicationId != APPLICATION_ID) || (version == 0 && tables > 0)) {
            throw new IOException(dbFile + " is a SQLite database of something else (it has no study schema); use another database file");
        }
    }

    /** SQLite's quick_check over every page ("ok", or the first problems found); linear in the file's size. */
    private String integrity() {
        return locked(() -> {
            try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check(3)")) {
                StringBuilder b = new StringBuilder();
                while (r.next()) {
                    b.append(b.isEmpty() ? "" : "; ").append(r.getString(1));
                }
                conn.commit();
                return b.toString();
            }
        });
    }

    private void migrate(Path dbFile) throws IOException {
        int v = userVersion();
        if (v > SCHEMA_VERSION) {
            throw new IOException(dbFile + " has schema version " + v + ", newer than this atari-saliency's " + SCHEMA_VERSION + "; use a newer atari-saliency");
        }
        for (int step = v; step < SCHEMA_VERSION; step++) {
            List<String> sqls = MIGRATIONS.get(step);
            int to = step + 1;
            inTransaction(() -> {
                try (Statement s = conn.createStatement()) {
                    for (String sql : sqls) {
                        s.execute(sql);
                    }
                    s.execute("PRAGMA user_version = " + to);
                }
                return null;
            });
        }
    }

    private int userVersion() {
        return locked(() -> {
            try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
                r.next();
                int v = r.getInt(1);
                conn.commit();
                return v;
            }
        });
    }

    /** The meta table (study_name, study_sha256, study_dir, created_at, secret). */
    public Map<String, String> meta() {
        return inTransaction(() -> {
            Map<String, String> m = new LinkedHashMap<>();
            try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT key, value FROM meta")) {
                while (r.next()) {
                    m.put(r.getString(1), r.getString(2));
                }
            }
            return m;
        });
    }

    /** The database's random secret (made when the database was first served; never shown to anyone). */
    byte[] secret() {
        return java.util.Base64.getUrlDecoder().decode(meta().get(SECRET));
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    /** A journal-mode/synchronous/foreign-keys readout, for tests and the admin page. */
    String pragmas() {
        return inTransaction(() -> {
            StringBuilder b = new StringBuilder();
            for (String p : List.of("journal_mode", "synchronous", "foreign_keys")) {
                try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + p)) {
                    r.next();
                    b.append(p).append('=').append(r.getString(1)).append(' ');
                }
            }
            return b.toString().strip();
        });
    }

    // ---- participants -------------------------------------------------------------------------------------

    /**
     * A participant, the cookie token that identifies them (only ever known right after it was made; null when
     * the entry was refused) and what became of the entry.
     */
    record Entry(Participant participant, String token, Outcome outcome) {
    }

    private static final String PARTICIPANT_COLUMNS =
            "id, prolific_pid, study_id, session_id, arm, condition, status, page_index, csrf, started_at, finished_at";

    /** The participant with this cookie token, or null. */
    Participant byToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return null;
        }
        return one("SELECT " + PARTICIPANT_COLUMNS + " FROM participants WHERE token_hash = ?", Tokens.sha256(token));
    }

    /** The participant with this Prolific id, or null. */
    Participant byProlificPid(String pid) {
        return one("SELECT " + PARTICIPANT_COLUMNS + " FROM participants WHERE prolific_pid = ?", pid);
    }

    /** The participant with this internal id, or null. */
    Participant byId(long id) {
        return one("SELECT " + PARTICIPANT_COLUMNS + " FROM participants WHERE id = ?", id);
    }

    private Participant one(String sql, Object key) {
        return inTransaction(() -> {
            try (PreparedStatement p = conn.prepareStatement(sql)) {
                p.setObject(1, key);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? participant(r) : null;
                }
            }
        });
    }

    private static Participant participant(ResultSet r) throws SQLException {
        long finished = r.getLong(11);
        Long finishedAt = r.wasNull() ? null : finished;
        return new Participant(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), r.getInt(8), r.getString(9), r.getLong(10), finishedAt);
    }

    /** What became of an entry through the study link. */
    enum Outcome {
        /** A new participation started. */
        NEW,
        /** A known Prolific id came back with the same STUDY_ID and SESSION_ID: the session moved to this browser. */
        RESUMED,
        /** A known Prolific id came with another STUDY_ID or SESSION_ID: refused, the session stays where it was. */
        REFUSED_MISMATCH,
        /** A known Prolific id whose participation has ended: refused. */
        REFUSED_FINISHED;

        /** The outcome as reentries.outcome spells it. */
        String column() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Whether a known Prolific id may take its session to this browser: only with the STUDY_ID and SESSION_ID it
     * started with, and only if it started with a SESSION_ID (Prolific's links always carry one; a bare id, which
     * anyone can type, never moves a running session).
     */
    private static boolean resumable(Participant known, String studyId, String sessionId) {
        return known.sessionId() != null && known.sessionId().equals(sessionId) && Objects.equals(known.studyId(), studyId);
    }

    /**
     * Starts a participation, or handles a Prolific id that is already known: with the same STUDY_ID and
     * SESSION_ID as when it started, the participation gets a fresh cookie token (the old cookie stops
     * working: one browser holds a session at a time); with other ids, or after the participation ended, it
     * is refused (no token). Every such re-entry is recorded in the reentries table. A new participant gets
     * the arm with the fewest started or completed participants so far (ties: the first in study order); the
     * count and the insert are one transaction.
     *
     * @param consentShownAt when the landing page showed the arms' shared first page (consent) that the new participant
     *                       agreed to: that page is recorded as shown then and submitted now, and the participant starts on
     *                       the next page; null to start on the first page
     */
    Entry enter(String prolificPid, String studyId, String sessionId, String userAgent, List<Arm> arms, long now, Long consentShownAt) {
        return enter(prolificPid, studyId, sessionId, userAgent, null, arms, now, consentShownAt);
    }

    /**
     * As {@link #enter(String, String, String, String, List, long, Long)}, recording the new participant's device: a salted hash
     * of the client's address and user agent (the exclusion rule {@code duplicate_devices} compares it), or null.
     */
    Entry enter(String prolificPid, String studyId, String sessionId, String userAgent, String device, List<Arm> arms, long now,
                Long consentShownAt) {
        String agent = userAgent == null ? null : userAgent.substring(0, Math.min(userAgent.length(), 400));
        return inTransaction(() -> {
            String token = Tokens.random(128);
            if (prolificPid != null) {
                Participant known = null;
                try (PreparedStatement p = conn.prepareStatement("SELECT " + PARTICIPANT_COLUMNS + " FROM participants WHERE prolific_pid = ?")) {
                    p.setString(1, prolificPid);
                    try (ResultSet r = p.executeQuery()) {
                        if (r.next()) {
                            known = participant(r);
                        }
                    }
                }
                if (known != null) {
                    Outcome outcome = known.finished() ? Outcome.REFUSED_FINISHED
                            : resumable(known, studyId, sessionId) ? Outcome.RESUMED
                            : Outcome.REFUSED_MISMATCH;
                    recordReentry(known.id(), now, prolificPid, studyId, sessionId, agent, outcome);
                    if (outcome != Outcome.RESUMED) {
                        return new Entry(known, null, outcome);
                    }
                    setToken(known.id(), token);
                    return new Entry(known, token, outcome);
                }
            }
            Arm arm = leastFilled(arms);
            long id;
            try (PreparedStatement p = conn.prepareStatement("INSERT INTO participants(token_hash, csrf, prolific_pid, study_id, session_id, arm, condition,"
                    + " status, page_index, started_at, user_agent, device) VALUES (?, ?, ?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, Tokens.sha256(token));
                p.setString(2, Tokens.random(128));
                p.setString(3, prolificPid);
                p.setString(4, studyId);
                p.setString(5, sessionId);
                p.setString(6, arm.id());
                p.setString(7, arm.condition());
                p.setInt(8, consentShownAt == null ? 0 : 1);
                p.setLong(9, now);
                p.setString(10, agent);
                p.setString(11, device);
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            if (consentShownAt != null) {
                try (PreparedStatement p = conn.prepareStatement(
                        "INSERT INTO page_visits(participant, page_index, page_id, shown_at, submitted_at) VALUES (?, 0, ?, ?, ?)")) {
                    p.setLong(1, id);
                    p.setString(2, arm.pages().get(0).id());
                    p.setLong(3, Math.min(consentShownAt, now));
                    p.setLong(4, now);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = conn.prepareStatement("SELECT " + PARTICIPANT_COLUMNS + " FROM participants WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return new Entry(participant(r), token, Outcome.NEW);
                }
            }
        });
    }

    private void recordReentry(long participant, long now, String pid, String studyId, String sessionId, String agent, Outcome outcome)
            throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("INSERT INTO reentries(participant, at, prolific_pid, study_id, session_id, user_agent, outcome)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, participant);
            p.setLong(2, now);
            p.setString(3, pid);
            p.setString(4, studyId);
            p.setString(5, sessionId);
            p.setString(6, agent);
            p.setString(7, outcome.column());
            p.executeUpdate();
        }
    }

    private void setToken(long id, String token) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("UPDATE participants SET token_hash = ? WHERE id = ?")) {
            p.setString(1, Tokens.sha256(token));
            p.setLong(2, id);
            p.executeUpdate();
        }
    }

    private Arm leastFilled(List<Arm> arms) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement s = conn.createStatement(); ResultSet r = s.executeQuery("SELECT arm, count(*) FROM participants WHERE status != 'declined' GROUP BY arm")) {
            while (r.next()) {
                counts.put(r.getString(1), r.getInt(2));
            }
        }
        Arm best = arms.get(0);
        for (Arm a : arms) {
            if (counts.getOrDefault(a.id(), 0) < counts.getOrDefault(best.id(), 0)) {
                best = a;
            }
        }
        return best;
    }

    // ---- pages --------------------------------------------------------------------------------------------

    /** Records when a page was first shown (later showings of the same page keep the first time). */
    void pageShown(long participant, int pageIndex, String pageId, long now) {
        update("INSERT OR IGNORE INTO page_visits(participant, page_index, page_id, shown_at) VALUES (?, ?, ?, ?)", participant, pageIndex, pageId, now);
    }

    /** What became of a submitted page. */
    enum Submitted {
        /** The answers were stored and the participant moved on. */
        ADVANCED,
        /** The answers were stored as one more attempt; the participant stays on the page. */
        RETRY,
        /** The participant is no longer on that page (a repeated or stale submit): nothing was stored. */
        STALE
    }

    /**
     * Stores one submit of page {@code pageIndex}, as the next attempt of that page, only if the participant is
     * still on it and in progress; with {@code advance}, marks the page submitted and moves to the next page,
     * and with {@code completes} (the next page is the debrief) marks the participation completed. One
     * transaction: all of it or nothing.
     */
    Submitted submit(long participant, int pageIndex, String pageId, List<AnswerRow> answers, boolean advance, boolean completes, long now) {
        return inTransaction(() -> {
            if (!onPage(participant, pageIndex)) {
                return Submitted.STALE;
            }
            int attempt = 1;
            try (PreparedStatement p = conn.prepareStatement("SELECT coalesce(max(attempt), 0) FROM answers WHERE participant = ? AND page_id = ?")) {
                p.setLong(1, participant);
                p.setString(2, pageId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    attempt = r.getInt(1) + 1;
                }
            }
            try (PreparedStatement p = conn.prepareStatement("INSERT INTO answers(participant, page_index, page_id, question_id, attempt, value, means,"
                    + " correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AnswerRow a : answers) {
                    p.setLong(1, participant);
                    p.setInt(2, pageIndex);
                    p.setString(3, pageId);
                    p.setString(4, a.questionId());
                    p.setInt(5, attempt);
                    p.setString(6, a.value());
                    p.setString(7, a.means());
                    if (a.correct() == null) {
                        p.setNull(8, java.sql.Types.INTEGER);
                    } else {
                        p.setInt(8, a.correct() ? 1 : 0);
                    }
                    p.setLong(9, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            if (!advance) {
                return Submitted.RETRY;
            }
            try (PreparedStatement p = conn.prepareStatement("UPDATE page_visits SET submitted_at = ? WHERE participant = ? AND page_index = ? AND submitted_at IS NULL")) {
                p.setLong(1, now);
                p.setLong(2, participant);
                p.setInt(3, pageIndex);
                if (p.executeUpdate() == 0) {
                    // submitted without a recorded showing (should not happen): keep the timing row complete
                    try (PreparedStatement i = conn.prepareStatement(
                            "INSERT OR IGNORE INTO page_visits(participant, page_index, page_id, shown_at, submitted_at) VALUES (?, ?, ?, ?, ?)")) {
                        i.setLong(1, participant);
                        i.setInt(2, pageIndex);
                        i.setString(3, pageId);
                        i.setLong(4, now);
                        i.setLong(5, now);
                        i.executeUpdate();
                    }
                }
            }
            try (PreparedStatement p = conn.prepareStatement("UPDATE participants SET page_index = ? WHERE id = ?")) {
                p.setInt(1, pageIndex + 1);
                p.setLong(2, participant);
                p.executeUpdate();
            }
            if (completes) {
                try (PreparedStatement p = conn.prepareStatement("UPDATE participants SET status = 'completed', finished_at = ? WHERE id = ?")) {
                    p.setLong(1, now);
                    p.setLong(2, participant);
                    p.executeUpdate();
                }
            }
            return Submitted.ADVANCED;
        });
    }

    /** Ends the participation as declined, if the participant is still on page {@code pageIndex}; false otherwise. */
    boolean decline(long participant, int pageIndex, long now) {
        return inTransaction(() -> {
            if (!onPage(participant, pageIndex)) {
                return false;
            }
            try (PreparedStatement p = conn.prepareStatement("UPDATE participants SET status = 'declined', finished_at = ? WHERE id = ?")) {
                p.setLong(1, now);
                p.setLong(2, participant);
                p.executeUpdate();
            }
            try (PreparedStatement p = conn.prepareStatement("UPDATE page_visits SET submitted_at = ? WHERE participant = ? AND page_index = ? AND submitted_at IS NULL")) {
                p.setLong(1, now);
                p.setLong(2, participant);
                p.setInt(3, pageIndex);
                p.executeUpdate();
            }
            return true;
        });
    }

    /** Records that someone chose "I do not agree" on the landing page (no participant is made for them). */
    void recordDecline(long now, String prolificPid, String studyId, String sessionId) {
        update("INSERT INTO declines(at, prolific_pid, study_id, session_id) VALUES (?, ?, ?, ?)", now, prolificPid, studyId, sessionId);
    }

    /** Runs one statement with parameters (null for NULL) in its own transaction. */
    private void update(String sql, Object... params) {
        inTransaction(() -> {
            try (PreparedStatement p = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    p.setObject(i + 1, params[i]);
                }
                p.executeUpdate();
            }
            return null;
        });
    }

    private boolean onPage(long participant, int pageIndex) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT 1 FROM participants WHERE id = ? AND page_index = ? AND status = 'in_progress'")) {
            p.setLong(1, participant);
            p.setInt(2, pageIndex);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** How many attempts of this page are stored. */
    int attempts(long participant, String pageId) {
        return inTransaction(() -> {
            try (PreparedStatement p = conn.prepareStatement("SELECT coalesce(max(attempt), 0) FROM answers WHERE participant = ? AND page_id = ?")) {
                p.setLong(1, participant);
                p.setString(2, pageId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    // ---- video events -------------------------------------------------------------------------------------

    /** Stores one video event with the server's time, unless this participant already has {@code cap} on this page; whether it was stored. */
    boolean event(long participant, int pageIndex, String pageId, String videoLabel, String event, Double mediaTime, Double clientTime,
                  Double playbackRate, long now, int cap) {
        return inTransaction(() -> {
            try (PreparedStatement p = conn.prepareStatement("SELECT count(*) FROM events WHERE participant = ? AND page_id = ?")) {
                p.setLong(1, participant);
                p.setString(2, pageId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    if (r.getInt(1) >= cap) {
                        return false;
                    }
                }
            }
            try (PreparedStatement p = conn.prepareStatement("INSERT INTO events(participant, page_index, page_id, video_label, event, media_time,"
                    + " client_time, playback_rate, server_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, participant);
                p.setInt(2, pageIndex);
                p.setString(3, pageId);
                p.setString(4, videoLabel);
                p.setString(5, event);
                p.setObject(6, mediaTime);
                p.setObject(7, clientTime);
                p.setObject(8, playbackRate);
                p.setLong(9, now);
                p.executeUpdate();
            }
            return true;
        });
    }

    /** The columns {@link #report} reads, after participant, page_id and video_label. */
    static final String REPORT_COLUMNS = "participant, page_id, video_label, event, media_time, client_time, server_time, playback_rate";

    /** A row of {@link #REPORT_COLUMNS} as a playback report. */
    static WatchCoverage.Report report(ResultSet r) throws SQLException {
        return new WatchCoverage.Report(r.getString(4), nullable(r, 5), nullable(r, 6), r.getLong(7), nullable(r, 8));
    }

    private static Double nullable(ResultSet r, int column) throws SQLException {
        double d = r.getDouble(column);
        return r.wasNull() ? null : d;
    }

    /** This participant's playback reports on this page, per video label, in the order they were stored. */
    Map<String, List<WatchCoverage.Report>> clipReports(long participant, String pageId) {
        Map<String, List<WatchCoverage.Report>> byLabel = new HashMap<>();
        query("SELECT " + REPORT_COLUMNS + " FROM events WHERE participant = ? AND page_id = ? ORDER BY id", List.of(participant, pageId),
                r -> byLabel.computeIfAbsent(r.getString(3), k -> new ArrayList<>()).add(report(r)));
        return byLabel;
    }

    // ---- reading everything (admin page, export, tests) ------------------------------------------------------

    /** Runs a read-only query with parameters and hands each row to {@code row}. */
    void query(String sql, List<?> params, RowReader row) {
        inTransaction(() -> {
            try (PreparedStatement p = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    p.setObject(i + 1, params.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        row.read(r);
                    }
                }
            }
            return null;
        });
    }

    /** How many participants (of any status) the database at {@code dbFile} holds, read without changing it. */
    public static int participantCount(Path dbFile) throws IOException {
        try (StudyDatabase db = openReadOnly(dbFile)) {
            return (int) db.count("SELECT count(*) FROM participants");
        }
    }

    /** A count from a query with parameters. */
    long count(String sql, Object... params) {
        long[] n = {0};
        query(sql, List.of(params), r -> n[0] = r.getLong(1));
        return n[0];
    }

    /** Reads one result row. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet r) throws SQLException;
    }

    /** Per arm: participants by status and the minutes the completed ones took. */
    record ArmProgress(String arm, String condition, int started, int completed, int declined, int inProgress, List<Double> completedMinutes) {
    }

    /** Progress of every arm in the order given (arms nobody was assigned to show zeros). */
    List<ArmProgress> progress(List<Arm> arms) {
        Map<String, int[]> counts = new HashMap<>();
        Map<String, List<Double>> minutes = new HashMap<>();
        query("SELECT arm, status, started_at, finished_at FROM participants", List.of(), r -> {
            int[] c = counts.computeIfAbsent(r.getString(1), k -> new int[3]);
            switch (r.getString(2)) {
                case Participant.COMPLETED -> {
                    c[0]++;
                    minutes.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add((r.getLong(4) - r.getLong(3)) / 60000.0);
                }
                case Participant.DECLINED -> c[1]++;
                default -> c[2]++;
            }
        });
        List<ArmProgress> out = new ArrayList<>();
        for (Arm a : arms) {
            int[] c = counts.getOrDefault(a.id(), new int[3]);
            out.add(new ArmProgress(a.id(), a.condition(), c[0] + c[1] + c[2], c[0], c[1], c[2], minutes.getOrDefault(a.id(), List.of())));
        }
        return out;
    }

    // ---- transactions ---------------------------------------------------------------------------------------

    /** Work inside a transaction. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one transaction under the connection's lock; commits it, or rolls it back on any failure. */
    <T> T inTransaction(SqlWork<T> work) {
        return locked(() -> {
            try {
                T result = work.run();
                conn.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    conn.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    private <T> T locked(SqlWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the connection (committed data is already on disk). */
    @Override
    public void close() {
        lock.lock();
        try {
            conn.close();
        } catch (SQLException e) {
            System.err.println("study database: closing: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
