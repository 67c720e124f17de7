package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.study.server.WatchCoverage.Coverage;
import org.atarisaliency.study.server.WatchCoverage.Report;
import org.junit.jupiter.api.Test;

/** Watched fractions from real and forged report sequences of a 10 s clip. */
class WatchCoverageTest {
    private static final double DURATION = 10;

    /** Reports as a browser sends them: a clock that both sides share (ms), the media time, the rate. */
    private static final class Sequence {
        final List<Report> reports = new ArrayList<>();
        long clock = 1_000_000;

        Sequence at(String event, double media, double rate) {
            reports.add(new Report(event, media, (double) clock, clock, rate));
            return this;
        }

        Sequence after(double seconds) {
            clock += Math.round(seconds * 1000);
            return this;
        }

        /** Plays from {@code from} to {@code to} at {@code rate}, reporting every second of media. */
        Sequence play(double from, double to, double rate) {
            at("play", from, rate);
            for (double t = from + 1; t <= to + 1e-9; t += 1) {
                after(1 / rate).at("time", Math.min(t, to), rate);
            }
            return this;
        }

        Coverage coverage() {
            return WatchCoverage.ofClip(reports, DURATION);
        }
    }

    @Test
    void normalPlayToTheEndCountsFully() {
        Coverage c = new Sequence().play(0, 10, 1).after(0.05).at("ended", 10, 1).coverage();
        assertEquals(1.0, c.fraction(), 1e-9);
        assertTrue(c.complete());
        assertEquals(1, c.plays());
        assertEquals(0, c.seeks());
        assertEquals(1.0, c.maxPlaybackRate());
    }

    @Test
    void seekingToTheEndThenEndedCountsAlmostNothing() {
        Coverage c = new Sequence().play(0, 1, 1).at("time", 1, 1).at("seeked", 9.8, 1).after(0.2).at("ended", 10, 1).coverage();
        assertEquals(0.12, c.fraction(), 1e-9, "the first second and the last 0.2 s");
        assertFalse(c.complete());
        assertEquals(1, c.seeks());
    }

    @Test
    void forgedFastReportsAreRejected() {
        Sequence s = new Sequence().at("play", 0, 1);
        for (int t = 1; t <= 10; t++) {
            s.after(0.1).at("time", t, 1);
        }
        assertEquals(0, s.at("ended", 10, 1).coverage().fraction(), 1e-9);
    }

    @Test
    void forgedClientTimesCannotBeatTheServersClock() {
        // the client claims a second per report, the server saw them 0.1 s apart: each step over server x1.1 + 1 s is refused
        List<Report> forged = new ArrayList<>();
        forged.add(new Report("play", 0.0, 0.0, 0, 1.0));
        for (int t = 1; t <= 20; t++) {
            forged.add(new Report("time", t * 0.5, t * 500.0, t * 100L, 1.0));
        }
        Coverage c = WatchCoverage.ofClip(forged, DURATION);
        // 0.5 s of media per 0.1 s of server time passes each step's grace, but the whole is capped by the 2 s the server saw
        assertEquals((2.0 * 1.1 + 2) / DURATION, c.fraction(), 1e-9);
        assertFalse(c.complete());
    }

    @Test
    void doubleSpeedIsNotCounted() {
        Coverage c = new Sequence().play(0, 10, 2).coverage();
        assertEquals(0, c.fraction(), 1e-9);
        assertEquals(2.0, c.maxPlaybackRate());
    }

    @Test
    void aReloadInTheMiddleKeepsWhatWasWatched() {
        // 0-6 s, then the page reloads: the clip starts again at 0, the participant seeks to 6 and plays on
        Sequence s = new Sequence().play(0, 6, 1).after(3);
        s.at("play", 0, 1).after(0.3).at("time", 0.3, 1).at("seeked", 6, 1).play(6, 10, 1).after(0.1).at("ended", 10, 1);
        Coverage c = s.coverage();
        assertEquals(1.0, c.fraction(), 1e-9);
        assertEquals(2 + 1, c.plays(), "the play after the seek too");
        assertEquals(List.of("0.0-10.0"), c.watched().stream().map(w -> w[0] + "-" + w[1]).toList());
    }

    @Test
    void aGapStaysAGap() {
        Coverage c = new Sequence().play(0, 4, 1).at("pause", 4, 1).at("seeked", 9, 1).play(9, 10, 1).coverage();
        assertEquals(0.5, c.fraction(), 1e-9);
        assertEquals(List.of("0.0-4.0", "9.0-10.0"), c.watched().stream().map(w -> w[0] + "-" + w[1]).toList());
    }
}
