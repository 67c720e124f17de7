package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the server process with SIGKILL while participants are answering, restarts it on the same database,
 * and checks that every answer the server had acknowledged is there and that everybody resumes where they were.
 */
class StudyKillTest {
    @TempDir
    Path dir;

    /** One acknowledged page submit: the participant (cookie), the page it was on, and its answers. */
    record Ack(String cookie, int page, String pageId, String[] answers) {
    }

    /** A participant's state as the driver last saw it acknowledged. */
    static final class Driven {
        final Browser browser;
        volatile int lastAckedPage = -1;

        Driven(Browser b) {
            this.browser = b;
        }
    }

    @Test
    void everyAcknowledgedAnswerSurvivesSigkillAndParticipantsResume() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        Path db = dir.resolve("study.db");
        Process first = launch(study, db);
        int port = port(first);
        HttpClient http = Browser.client();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Driven> participants = new ConcurrentLinkedQueue<>();
        AtomicInteger ackCount = new AtomicInteger();
        List<Thread> drivers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread driver = new Thread(() -> {
                try {
                    while (true) {
                        Driven d = new Driven(new Browser(http, port));
                        participants.add(d);
                        drive(d, acks, ackCount);
                    }
                } catch (IOException | InterruptedException | AssertionError | RuntimeException expected) {
                    // the server went away
                }
            });
            driver.start();
            drivers.add(driver);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (ackCount.get() < 40 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        for (Thread d : drivers) {
            d.join(20_000);
        }
        assertTrue(ackCount.get() >= 40, "enough traffic before the kill: " + ackCount.get());

        Process second = launch(study, db);
        try {
            int port2 = port(second);
            try (StudyDatabase read = StudyDatabase.openReadOnly(db)) {
                for (Ack a : acks) {
                    Participant p = read.byToken(a.cookie());
                    assertTrue(p != null, "participant of an acknowledged answer");
                    assertTrue(p.pageIndex() > a.page(), "participant " + p.id() + " moved past acknowledged page " + a.page());
                    for (int i = 0; i + 1 < a.answers().length; i += 2) {
                        if (a.answers()[i].equals("action") || a.answers()[i + 1].isEmpty() || a.answers()[i].equals("consent")) {
                            continue;
                        }
                        long n = read.count("SELECT count(*) FROM answers WHERE participant = ? AND page_id = ? AND question_id = ? AND value = ?",
                                p.id(), a.pageId(), a.answers()[i], a.answers()[i + 1]);
                        assertEquals(1, n, "acknowledged answer " + a.answers()[i] + " on " + a.pageId() + " of participant " + p.id());
                    }
                }
                int resumed = 0;
                for (Driven d : participants) {
                    if (d.browser.cookie == null) {
                        continue;
                    }
                    Browser again = new Browser(http, port2);
                    again.cookie = d.browser.cookie;
                    again.get("/study");
                    int page = again.last.body().contains(StudyFixture.CODE) ? 4 : again.page();
                    // the page after the last acknowledged one, or one further if a submit committed but its answer was lost with the kill
                    assertTrue(page == d.lastAckedPage + 1 || page == d.lastAckedPage + 2,
                            "resumed on page " + page + " after acknowledged page " + d.lastAckedPage);
                    assertEquals(read.byToken(d.browser.cookie).pageIndex(), page);
                    resumed++;
                }
                assertTrue(resumed >= 4);
                System.out.println("kill test: " + ackCount.get() + " acknowledged submits, " + resumed + " participants resumed");
            }
        } finally {
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void drive(Driven d, ConcurrentLinkedQueue<Ack> acks, AtomicInteger ackCount) throws IOException, InterruptedException {
        Browser b = d.browser;
        String[][] pages = {
                {"action", "agree"},
                {"understand", "Pong", "action", "next"},
                {"action", "next"},
                Browser.rateAnswers("killed, or \"not\"?\nline two")};
        String[] ids = {"consent", "check", "videos.b1", "rate.b1"};
        for (int page = 0; page < pages.length; page++) {
            if (page == 2) {
                b.watchVideos();
            }
            try {
                if (page == 0) {
                    b.enter("");   // "I agree" on the landing page submits the consent page
                } else {
                    b.submit(pages[page]);
                }
            } finally {
                if (b.postStatus == 303) {
                    acks.add(new Ack(b.cookie, page, ids[page], pages[page]));
                    d.lastAckedPage = page;
                    ackCount.incrementAndGet();
                }
            }
        }
    }

    private static Process launch(Path study, Path db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StudyServerMain.class.getName(), study.toString(), db.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static int port(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).strip());
            }
        }
        throw new IOException("the server process ended without a port (exit " + p.exitValue() + ")");
    }
}
