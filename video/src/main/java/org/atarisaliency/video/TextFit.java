package org.atarisaliency.video;

import java.awt.Graphics2D;

/** Shortens a label with an ellipsis, or wraps it onto two lines, so that it fits a width in the current font. */
final class TextFit {
    private TextFit() {
    }

    static String fit(Graphics2D g, String s, int width) {
        var fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /**
     * Splits {@code s} onto two lines that fit {@code width}: at its first '|' when the part before it fits,
     * else at the last space where the first part fits; the second line is shortened to fit. One line (and an
     * empty second) when the whole fits.
     */
    static String[] wrapTwo(Graphics2D g, String s, int width) {
        var fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) {
            return new String[] {s, ""};
        }
        int bar = s.indexOf('|');
        if (bar > 0 && fm.stringWidth(s.substring(0, bar).strip()) <= width) {
            return new String[] {s.substring(0, bar).strip(), fit(g, s.substring(bar + 1).strip(), width)};
        }
        int cut = s.lastIndexOf(' ');
        while (cut > 0 && fm.stringWidth(s.substring(0, cut)) > width) {
            cut = s.lastIndexOf(' ', cut - 1);
        }
        if (cut <= 0) {
            return new String[] {fit(g, s, width), ""};
        }
        return new String[] {s.substring(0, cut).stripTrailing(), fit(g, s.substring(cut + 1).strip(), width)};
    }
}
