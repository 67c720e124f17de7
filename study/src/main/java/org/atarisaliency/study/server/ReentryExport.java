package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The re-entries part of the export: {@code reentries.csv} (one row per time a known Prolific id opened the
 * study link again on a browser without its session: when, with which ids and user agent, and whether it
 * resumed or was refused) and the per-participant count that participants.csv shows.
 */
final class ReentryExport {
    /** The columns of reentries.csv. */
    static final List<String> COLUMNS = List.of("participant", "time", "prolific_pid", "study_id", "session_id", "user_agent", "outcome");

    private ReentryExport() {
    }

    /** Writes reentries.csv; returns its number of rows. */
    static int write(StudyDatabase db, Path file) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        db.query("SELECT participant, at, prolific_pid, study_id, session_id, user_agent, outcome FROM reentries ORDER BY id", List.of(),
                r -> rows.add(Arrays.asList(r.getLong(1), Instant.ofEpochMilli(r.getLong(2)).toString(), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7))));
        try (CsvWriter w = new CsvWriter(file, COLUMNS)) {
            for (List<Object> row : rows) {
                w.row(row);
            }
            w.commit();
        }
        return rows.size();
    }

    /** Per participant id, how many re-entries were recorded (participants without any are absent). */
    static Map<Long, Integer> counts(StudyDatabase db) {
        Map<Long, Integer> counts = new HashMap<>();
        db.query("SELECT participant, count(*) FROM reentries GROUP BY participant", List.of(), r -> counts.put(r.getLong(1), r.getInt(2)));
        return counts;
    }
}
