package org.atarisaliency.video;

import java.awt.Graphics2D;

/** Shortens a label with an ellipsis so that it fits a width in the current font. */
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
}
