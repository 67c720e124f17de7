package org.atarisaliency.study.server;

/** The one HTML escaping helper: every string that goes into a page, text or attribute, passes through {@link #esc}. */
final class Html {
    private Html() {
    }

    /** The text escaped for HTML element content and double- or single-quoted attribute values; null becomes "". */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Plain text as escaped paragraphs: blank lines separate paragraphs, single newlines become line breaks. */
    static String paragraphs(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String para : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            if (!para.isBlank()) {
                b.append("<p>").append(esc(para.strip()).replace("\n", "<br>")).append("</p>\n");
            }
        }
        return b.toString();
    }
}
