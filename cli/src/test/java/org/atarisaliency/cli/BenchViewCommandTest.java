package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.BooleanSupplier;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.study.server.HeadlessChromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bench view} times the viewer on a real and a long recording next to the MP4 in the same browser, and refuses without Chromium. */
class BenchViewCommandTest {
    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void printsTheViewersFiguresNextToTheMp4s() throws Exception {
        if (!HeadlessChromium.available() && !Boolean.getBoolean("atari.browser.required")) {
            Assumptions.assumeTrue(false, HeadlessChromium.missing());
        }
        CliTest.Run r = CliTest.run("bench", "view", "--frames", "4", "--long-steps", "2000", "--reps", "1", "--json", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(r.out());
        for (String run : new String[] {"real", "long"}) {
            for (String figure : new String[] {"server_ms", "first_frame_ms", "plots_ms"}) {
                assertTrue(m.get(run).get(figure).asDouble() > 0, run + " " + figure + ": " + r.out());
            }
        }
        assertTrue(m.get("mp4").get("first_frame_ms").asDouble() > 0, "the peer's first frame: " + r.out());
        assertEquals(2000, m.get("settings").get("long_steps").asInt());
        CliTest.Run text = CliTest.run("bench", "view", "--frames", "2", "--long-steps", "10", "--reps", "1", "--quiet");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("MP4 of it in <video> (the peer)") && text.out().contains("view, 10-step recording"), text.out());
    }

    @Test
    void refusesInOneLineWithoutChromium() {
        BooleanSupplier was = BenchViewCommand.chromium;
        BenchViewCommand.chromium = () -> false;
        try {
            CliTest.Run r = CliTest.run("bench", "view", "--quiet");
            assertEquals(ExitCodes.FAILURE, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("apt-get install chromium chromium-driver"), r.err());
        } finally {
            BenchViewCommand.chromium = was;
        }
    }

    @Test
    void refusesABadCount() {
        CliTest.refused(CliTest.run("bench", "view", "--reps", "0"), "--reps must be at least 1, got 0");
    }
}
