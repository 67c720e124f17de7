package org.atarisaliency.cli;

import java.io.PrintWriter;

/**
 * A one-line progress indicator on stderr, redrawn in place at most a few times per second on a
 * terminal; when stderr is not a terminal (a log file, CI) it prints a plain line every 10 s
 * instead; silent when quiet. {@link #finish()} clears it so that ordinary output starts on a
 * clean line.
 */
public final class ProgressLine {
    private final PrintWriter err;
    private final boolean enabled;
    private final boolean terminal = System.console() != null;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastLength;

    ProgressLine(PrintWriter err, boolean quiet) {
        this.err = err;
        this.enabled = !quiet;
    }

    /** Seconds since creation. */
    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Shows a bar for {@code fraction} (0..1) done, the text, and the ETA from the time so far. */
    void fraction(String text, double fraction) {
        show(String.format("%s %s  ETA %s", bar((int) Math.round(fraction * 1000), 1000, 24), text,
                duration(fraction <= 0 ? Double.NaN : elapsed() * (1 - fraction) / fraction)), false);
    }

    /** Shows {@code text}, throttled to 5 redraws per second unless forced. */
    void show(String text, boolean force) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < (terminal ? 200_000_000L : 10_000_000_000L)) {
            return;
        }
        lastDraw = now;
        if (!terminal) {
            err.println(text);
            err.flush();
            return;
        }
        StringBuilder sb = new StringBuilder("\r").append(text);
        for (int i = text.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = text.length();
        err.print(sb);
        err.flush();
    }

    /** Clears the line. */
    void finish() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    /** A text progress bar: [=====>     ]. */
    static String bar(int done, int total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, (long) done * width / total);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < width; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return sb.append(']').toString();
    }

    /** "1m05s" style duration. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
