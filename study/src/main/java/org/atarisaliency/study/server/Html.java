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

    /**
     * Plain text as escaped paragraphs: blank lines separate paragraphs; a single newline joins the lines
     * (as YAML block text is wrapped), except before a line starting "- " (a list item), which keeps its break.
     */
    static String paragraphs(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String para : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            if (!para.isBlank()) {
                String joined = para.strip().replaceAll("\n(?=\\s*[-*] )", "\u0000").replaceAll("\\s*\n\\s*", " ");
                b.append("<p>").append(esc(joined).replace("\u0000", "<br>")).append("</p>\n");
            }
        }
        return b.toString();
    }
}
