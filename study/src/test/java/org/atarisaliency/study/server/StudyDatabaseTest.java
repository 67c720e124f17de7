package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.atarisaliency.study.StudyDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database's settings, its schema version and its tie to one study. */
class StudyDatabaseTest {
    @TempDir
    Path dir;

    private StudyFolder study(String name) throws IOException {
        Path d = dir.resolve(name);
        StudyDefinition def = StudyFixture.write(d);
        if (!name.equals(def.name())) {
            StudyDefinition renamed = new StudyDefinition(def.format(), name, def.title(), def.seed(), def.completion(), def.conditions(), def.arms(),
                    def.provenance());
            Files.writeString(d.resolve("study.json"), renamed.toJson());
            StudyFixture.writeChecksums(d);
        }
        return StudyFolder.load(d);
    }

    @Test
    void walWithFullSyncAndForeignKeys() throws Exception {
        try (StudyDatabase db = StudyDatabase.open(dir.resolve("s.db"), study("fixture-study"))) {
            assertEquals("journal_mode=wal synchronous=2 foreign_keys=1", db.pragmas());
            assertThrows(IllegalStateException.class, () -> db.pageShown(12345, 0, "consent", 1), "no page visit of an unknown participant");
            assertEquals("fixture-study", db.meta().get("study_name"));
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithOneLine() throws Exception {
        Path file = dir.resolve("s.db");
        StudyFolder s = study("fixture-study");
        StudyDatabase.open(file, s).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (StudyDatabase.SCHEMA_VERSION + 1));
        }
        IOException e = assertThrows(IOException.class, () -> StudyDatabase.open(file, s));
        assertTrue(e.getMessage().contains("newer than"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertThrows(IOException.class, () -> StudyDatabase.openReadOnly(file));
    }

    @Test
    void anOldVersionZeroFileIsMigrated() throws Exception {
        Path file = dir.resolve("s.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = 0");
        }
        try (StudyDatabase db = StudyDatabase.open(file, study("fixture-study"))) {
            assertEquals(0, db.count("SELECT count(*) FROM answers"));
            assertEquals(StudyDatabase.SCHEMA_VERSION, db.count("PRAGMA user_version"));
        }
    }

    /** Writes a database as schema version {@code version} wrote it (the migrations up to it), with one participant p1 who has one event. */
    private static void writeOldVersion(Path file, int version, StudyFolder s) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            for (List<String> step : StudyDatabase.MIGRATIONS.subList(0, version)) {
                for (String sql : step) {
                    st.execute(sql);
                }
            }
            st.execute("INSERT INTO meta(key, value) VALUES ('study_name', 'fixture-study'), ('study_sha256', '" + s.sha256() + "')");
            st.execute("INSERT INTO participants(token_hash, csrf, prolific_pid, study_id, session_id, arm, condition, status, page_index, started_at)"
                    + " VALUES ('h', 'c', 'p1', 's1', 'x1', 'A', 'with', 'in_progress', 2, 1)");
            st.execute("INSERT INTO events(participant, page_index, page_id, video_label, event, media_time, client_time, server_time)"
                    + " VALUES (1, 2, 'videos.b1', 'Agent 1', 'play', 0, 1, 1)");
            st.execute("PRAGMA user_version = " + version);
        }
    }

    @Test
    void aVersionOneDatabaseKeepsItsParticipantsAndGainsTheReentriesTable() throws Exception {
        Path file = dir.resolve("s.db");
        StudyFolder s = study("fixture-study");
        writeOldVersion(file, 1, s);
        try (StudyDatabase db = StudyDatabase.open(file, s)) {
            assertEquals(StudyDatabase.SCHEMA_VERSION, db.count("PRAGMA user_version"));
            assertEquals(StudyDatabase.Outcome.RESUMED, db.enter("p1", "s1", "x1", "ua", s.definition().arms(), 2, null).outcome());
            assertEquals(StudyDatabase.Outcome.REFUSED_MISMATCH, db.enter("p1", "s1", "x2", "ua", s.definition().arms(), 3, null).outcome());
            assertEquals(2, db.count("SELECT count(*) FROM reentries"));
            assertEquals(1, db.count("SELECT count(*) FROM participants"));
        }
    }

    @Test
    void aVersionTwoDatabaseKeepsItsEventsAndGainsPlaybackRatesDeclinesAndASecret() throws Exception {
        Path file = dir.resolve("s.db");
        StudyFolder s = study("fixture-study");
        writeOldVersion(file, 2, s);
        try (StudyDatabase db = StudyDatabase.open(file, s)) {
            assertEquals(3, db.count("PRAGMA user_version"));
            assertEquals(1, db.count("SELECT count(*) FROM events WHERE event = 'play' AND playback_rate IS NULL"));
            assertTrue(db.event(1, 2, "videos.b1", "Agent 1", "time", 0.5, 2.0, 1.0, 2, 100));
            assertEquals(1, db.count("SELECT count(*) FROM events WHERE playback_rate = 1.0"));
            assertEquals(0, db.count("SELECT count(*) FROM declines"));
            assertEquals(32, db.secret().length, "256 random bits");
            assertEquals(1, db.count("SELECT count(*) FROM participants WHERE prolific_pid = 'p1'"));
        }
        byte[] secret;
        try (StudyDatabase db = StudyDatabase.open(file, s)) {
            secret = db.secret();
        }
        try (StudyDatabase db = StudyDatabase.open(file, s)) {
            assertArrayEquals(secret, db.secret(), "the secret is made once");
        }
    }

    @Test
    void anUnrelatedSqliteFileIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
        }
        StudyFolder s = study("fixture-study");
        IOException e = assertThrows(IOException.class, () -> StudyDatabase.open(file, s));
        assertTrue(e.getMessage().contains("is a SQLite database of something else"), e.getMessage());
        assertThrows(IOException.class, () -> StudyDatabase.openReadOnly(file));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'")) {
            assertEquals("invoices", r.getString(1), "no study tables were added");
        }
    }

    @Test
    void aCorruptFileGetsOneLineNamingIt() throws Exception {
        Path file = dir.resolve("broken.db");
        Files.write(file, "this is not a database at all, just some text that is long enough to look like a header".repeat(20).getBytes());
        StudyFolder s = study("fixture-study");
        for (var open : List.<org.junit.jupiter.api.function.Executable>of(() -> StudyDatabase.open(file, s), () -> StudyDatabase.openReadOnly(file),
                () -> StudyExport.export(file, null, dir.resolve("out")))) {
            IOException e = assertThrows(IOException.class, open);
            assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aDatabaseWithDamagedPagesGetsOneLineNamingIt() throws Exception {
        Path file = dir.resolve("damaged.db");
        StudyFolder s = study("fixture-study");
        try (StudyDatabase db = StudyDatabase.open(file, s)) {
            for (int i = 0; i < 200; i++) {
                db.enter("p" + i, "s1", "x" + i, "a user agent long enough to fill a few pages of the participants table", s.definition().arms(), i, null);
            }
        }
        // a valid header (page 1 intact), every later page overwritten: SQLite opens it and fails on the first read of a table
        byte[] bytes = Files.readAllBytes(file);
        int pageSize = ((bytes[16] & 0xff) << 8) | (bytes[17] & 0xff);
        assertTrue(bytes.length > 3 * pageSize, "the fixture spans several pages");
        for (int i = pageSize; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);
        for (var open : List.<org.junit.jupiter.api.function.Executable>of(() -> StudyDatabase.open(file, s).close(),
                () -> StudyDatabase.openReadOnly(file).close(), () -> StudyExport.export(file, null, dir.resolve("out")))) {
            IOException e = assertThrows(IOException.class, open);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aDatabaseOfAnotherStudyIsRefused() throws Exception {
        Path file = dir.resolve("s.db");
        StudyDatabase.open(file, study("fixture-study")).close();
        IOException e = assertThrows(IOException.class, () -> StudyDatabase.open(file, study("other-study")));
        assertTrue(e.getMessage().contains("belongs to study 'fixture-study'"), e.getMessage());
        assertThrows(IOException.class, () -> StudyServer.start(dir.resolve("other-study"), file, "127.0.0.1", 0, null));
    }

    @Test
    void assignmentCountsEveryStartedParticipant() throws Exception {
        StudyFolder s = study("fixture-study");
        try (StudyDatabase db = StudyDatabase.open(dir.resolve("s.db"), s)) {
            List<StudyDefinition.Arm> arms = s.definition().arms();
            assertEquals("A", db.enter(null, null, null, "ua", arms, 1, null).participant().arm());
            assertEquals("B", db.enter("p", "s1", "x1", "ua", arms, 2, null).participant().arm());
            StudyDatabase.Entry again = db.enter("p", "s1", "x1", "ua", arms, 3, null);
            assertEquals("B", again.participant().arm(), "a known Prolific id keeps its arm");
            assertEquals(2, db.count("SELECT count(*) FROM participants"));
            assertEquals(again.participant().id(), db.byToken(again.token()).id());
            assertEquals(StudyDatabase.Outcome.REFUSED_MISMATCH, db.enter("p", null, null, "ua", arms, 4, null).outcome(),
                    "a bare Prolific id does not move the session");
        }
    }
}
