package org.atarisaliency.study.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How much of one clip a participant really watched, from that clip's playback reports on one page (a pure
 * function of them). A report's media time counts as watched between two consecutive reports of one playback
 * chain (a {@code play} or {@code seeked} starts a chain; {@code pause}, {@code ended} and {@code ratechange} close it) when the media
 * advanced by more than 0 and at most {@value #MAX_STEP} s, no faster than the client's clock (x{@value #SLACK} +
 * {@value #CLIENT_GRACE} s) and the server's clock (x{@value #SLACK} + {@value #SERVER_GRACE} s) allow, at normal
 * speed (rate 1 +- {@value #RATE_TOLERANCE}, at both ends). {@code ended} closes the segment at the clip's end.
 * Whatever forged reports claim, the counted total never exceeds the server time between the clip's first and
 * last report (x{@value #SLACK} + {@value #TOTAL_GRACE} s).
 */
public final class WatchCoverage {
    /** The watched fraction a clip needs on a page that asks to watch to the end. */
    public static final double REQUIRED = org.atarisaliency.study.StudyDefinition.WATCHED_SHARE;
    static final double MAX_STEP = 2.5;
    static final double SLACK = 1.1;
    static final double CLIENT_GRACE = 0.3;
    static final double SERVER_GRACE = 1.0;
    static final double TOTAL_GRACE = 2.0;
    static final double RATE_TOLERANCE = 0.01;
    /** The rules study.js applies to keep its own count (the page hands them over): REQUIRED MAX_STEP SLACK CLIENT_GRACE RATE_TOLERANCE. */
    static final String CLIENT_RULES = REQUIRED + " " + MAX_STEP + " " + SLACK + " " + CLIENT_GRACE + " " + RATE_TOLERANCE;

    private WatchCoverage() {
    }

    /**
     * One stored report of a clip.
     *
     * @param event        play, pause, seeked, ended, time or ratechange
     * @param mediaTime    the clip's position in seconds, or null
     * @param clientTime   the browser's clock in ms, or null
     * @param serverTime   the server's clock in ms when it stored the report
     * @param playbackRate the clip's rate, or null (reports stored before rates were recorded)
     */
    public record Report(String event, Double mediaTime, Double clientTime, long serverTime, Double playbackRate) {
    }

    /**
     * What one clip's reports show.
     *
     * @param fraction        watched share of the clip (0 to 1): the union of counted segments, capped by real time
     * @param watched         the counted media intervals, merged and sorted ([start, end] in seconds)
     * @param seeks           seeked reports
     * @param plays           play reports
     * @param maxPlaybackRate the highest rate reported (1 when none was)
     */
    public record Coverage(double fraction, List<double[]> watched, int seeks, int plays, double maxPlaybackRate) {
        /** Whether the clip counts as watched to the end ({@link #REQUIRED} of it). */
        public boolean complete() {
            return fraction >= REQUIRED;
        }
    }

    /** The coverage of a clip of {@code durationSeconds} from its reports in the order the server stored them. */
    public static Coverage ofClip(List<Report> reports, double durationSeconds) {
        List<double[]> segments = new ArrayList<>();
        int seeks = 0;
        int plays = 0;
        double maxRate = 1;
        Report previous = null;
        for (Report r : reports) {
            if (r.playbackRate() != null) {
                maxRate = Math.max(maxRate, r.playbackRate());
            }
            switch (r.event()) {
                case "play", "seeked" -> {
                    seeks += r.event().equals("seeked") ? 1 : 0;
                    plays += r.event().equals("play") ? 1 : 0;
                    previous = r.mediaTime() == null ? null : r;
                }
                case "time", "pause", "ended" -> {
                    double end = r.event().equals("ended") ? durationSeconds : r.mediaTime() == null ? Double.NaN : r.mediaTime();
                    if (previous != null && counts(previous, r, end)) {
                        segments.add(new double[]{previous.mediaTime(), end});
                    }
                    previous = r.event().equals("time") && r.mediaTime() != null ? r : null;
                }
                case "ratechange" -> previous = null;
                default -> { }
            }
        }
        List<double[]> merged = merge(segments, durationSeconds);
        double union = merged.stream().mapToDouble(s -> s[1] - s[0]).sum();
        double realTime = reports.isEmpty() ? 0
                : (reports.get(reports.size() - 1).serverTime() - reports.get(0).serverTime()) / 1000.0 * SLACK + TOTAL_GRACE;
        double watched = Math.min(union, realTime);
        return new Coverage(durationSeconds > 0 ? Math.min(1, watched / durationSeconds) : 0, merged, seeks, plays, maxRate);
    }

    private static boolean counts(Report from, Report to, double end) {
        double media = end - from.mediaTime();
        double server = (to.serverTime() - from.serverTime()) / 1000.0;
        boolean clientOk = from.clientTime() != null && to.clientTime() != null
                && media <= (to.clientTime() - from.clientTime()) / 1000.0 * SLACK + CLIENT_GRACE;
        return media > 0 && media <= MAX_STEP && clientOk && media <= server * SLACK + SERVER_GRACE && normalSpeed(from) && normalSpeed(to);
    }

    private static boolean normalSpeed(Report r) {
        return r.playbackRate() != null && Math.abs(r.playbackRate() - 1) <= RATE_TOLERANCE;
    }

    /** The segments clipped to [0, duration], sorted and merged where they touch. */
    private static List<double[]> merge(List<double[]> segments, double duration) {
        List<double[]> sorted = new ArrayList<>();
        for (double[] s : segments) {
            double a = Math.max(0, s[0]);
            double b = Math.min(duration, s[1]);
            if (b > a) {
                sorted.add(new double[]{a, b});
            }
        }
        sorted.sort(Comparator.comparingDouble(s -> s[0]));
        List<double[]> out = new ArrayList<>();
        for (double[] s : sorted) {
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && s[0] <= last[1]) {
                last[1] = Math.max(last[1], s[1]);
            } else {
                out.add(s.clone());
            }
        }
        return out;
    }
}
