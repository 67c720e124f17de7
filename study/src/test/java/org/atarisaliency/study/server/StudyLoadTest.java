package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 50 participants complete the study at the same time over loopback: no answer lost or stored twice, arms balanced. */
class StudyLoadTest {
    static final int PARTICIPANTS = 50;
    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentParticipantsLoseAndDuplicateNothing() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("study.db"), "127.0.0.1", 0, null)) {
            HttpClient http = Browser.client();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long t0 = System.nanoTime();
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int i = 0; i < PARTICIPANTS; i++) {
                int n = i;
                runs.add(pool.submit(() -> {
                    Browser b = new Browser(http, server.port());
                    b.enter(n % 2 == 0 ? "" : "?PROLIFIC_PID=load" + n);
                    Map<String, List<String>> check = b.form("understand", "Pong", "action", "next");
                    b.complete("participant " + n + ", says \"hi\"\nsecond line");
                    // a stale resubmit of the first page (back button) changes nothing
                    b.post("/study", check);
                    return b.submitNanos;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<List<Long>> f : runs) {
                latencies.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "load test: %d participants, %d page submits in %.1f s; page latency p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    PARTICIPANTS, latencies.size(), seconds, ms(latencies, 0.50), ms(latencies, 0.95), latencies.get(latencies.size() - 1) / 1e6);
            StudyDatabase db = server.database();
            assertEquals(PARTICIPANTS, db.count("SELECT count(*) FROM participants WHERE status = 'completed'"));
            assertEquals(PARTICIPANTS * StudyFixture.ANSWERS_PER_PARTICIPANT, db.count("SELECT count(*) FROM answers"));
            assertEquals(PARTICIPANTS * StudyFixture.ANSWERS_PER_PARTICIPANT,
                    db.count("SELECT count(*) FROM (SELECT DISTINCT participant, page_id, question_id FROM answers)"));
            assertEquals(0, db.count("SELECT count(*) FROM (SELECT participant FROM answers GROUP BY participant HAVING count(*) <> ?)",
                    StudyFixture.ANSWERS_PER_PARTICIPANT));
            assertEquals(PARTICIPANTS * 4, db.count("SELECT count(*) FROM page_visits WHERE submitted_at IS NOT NULL"));
            assertEquals(PARTICIPANTS / 2, db.count("SELECT count(*) FROM participants WHERE arm = 'A'"));
            assertEquals(PARTICIPANTS / 2, db.count("SELECT count(*) FROM participants WHERE arm = 'B'"));
            assertTrue(seconds < 30, "took " + seconds + " s");
        }
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
