package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New participants per client address and stored video events per page are bounded. */
class StudyLimitsTest {
    @TempDir
    Path dir;

    @Test
    void newParticipantsPerAddressAndEventsPerPageAreBounded() throws Exception {
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        ServerLimits limits = new ServerLimits(64, Duration.ofSeconds(20), 3, Duration.ofHours(1), 10, 512, Duration.ofSeconds(10));
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("s.db"), "127.0.0.1", 0, null, limits)) {
            var http = Browser.client();
            Browser first = new Browser(http, server.port());
            first.enter("?PROLIFIC_PID=p1&STUDY_ID=s&SESSION_ID=x");
            for (int i = 0; i < 2; i++) {
                new Browser(http, server.port()).enter("");
            }
            Browser fourth = new Browser(http, server.port());
            fourth.enter("");
            assertEquals(429, fourth.last.statusCode());
            assertEquals(3, server.database().count("SELECT count(*) FROM participants"));
            // a known participant coming back is not a new one
            Browser again = new Browser(http, server.port());
            again.enter("?PROLIFIC_PID=p1&STUDY_ID=s&SESSION_ID=x");
            again.expectPage(1);
            again.submit("understand", "Pong");
            again.expectPage(2);
            for (int i = 0; i < 10; i++) {
                assertEquals(204, again.event("Agent 1", i % 2 == 0 ? "play" : "pause", i).statusCode());
            }
            assertEquals(429, again.event("Agent 1", "play", 11).statusCode());
            assertEquals(10, server.database().count("SELECT count(*) FROM events"));
        }
    }
}
