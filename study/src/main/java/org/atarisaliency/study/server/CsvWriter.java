package org.atarisaliency.study.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one RFC 4180 CSV file (UTF-8, CRLF line ends, fields with a comma, quote, CR or LF quoted and
 * their quotes doubled) under a temporary name, and moves it into place only on {@link #commit()}, so a
 * failed export never leaves a half-written file with the final name. Text fields that a spreadsheet would
 * run as a formula are neutralised ({@link #neutralise}); numbers given as numbers are written as they are.
 */
final class CsvWriter implements AutoCloseable {
    private static final Pattern FORMULA_START = Pattern.compile("[=+\\-@\t\r']");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private final Path target;
    private final Path temp;
    private final BufferedWriter out;
    private boolean committed;

    CsvWriter(Path target, List<String> header) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        row(header);
    }

    /** Writes one record; null fields are empty. */
    void row(List<?> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Object f = fields.get(i);
            field(out, f == null ? "" : f instanceof String text ? neutralise(text) : f.toString());
        }
        out.write("\r\n");
    }

    /**
     * A text field as written: one {@code '} put in front of text that a spreadsheet would run as a formula
     * (starting with = + - @ tab or CR, OWASP's list) or that starts with {@code '} itself, so that
     * {@link #decode} is exact; a plain decimal number ("-3", "2.5") is written as it is.
     */
    static String neutralise(String text) {
        return FORMULA_START.matcher(text).lookingAt() && !PLAIN_NUMBER.matcher(text).matches() ? "'" + text : text;
    }

    /** The text a cell stands for: without the one ' the writer puts before a cell that would start a formula. */
    static String decode(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }

    static void field(Writer w, String s) throws IOException {
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        if (!quote) {
            w.write(s);
            return;
        }
        w.write('"');
        w.write(s.replace("\"", "\"\""));
        w.write('"');
    }

    /** Flushes to disk and renames the file into place. */
    void commit() throws IOException {
        out.close();
        try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        org.atarisaliency.env.OutputFiles.moveIntoPlace(temp, target);
        committed = true;
    }

    /** Without a commit: deletes the temporary file. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            out.close();
            Files.deleteIfExists(temp);
        }
    }
}
