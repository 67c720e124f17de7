package org.atarisaliency.study.server;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the export tests: CRLF records, quoted fields, nothing lenient. */
public final class Rfc4180 {
    private Rfc4180() {
    }

    /** The records of {@code text}; throws AssertionError on anything RFC 4180 does not allow. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    char next = i + 1 < text.length() ? text.charAt(i + 1) : '\r';
                    if (next != ',' && next != '\r') {
                        throw new AssertionError("text after a closing quote at " + i);
                    }
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (c == '"') {
                throw new AssertionError("a quote inside an unquoted field at " + i);
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStart = true;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new AssertionError("CR without LF at " + i);
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                fieldStart = true;
                i++;
            } else if (c == '\n') {
                throw new AssertionError("a bare LF outside quotes at " + i);
            } else {
                field.append(c);
                fieldStart = false;
            }
            i++;
        }
        if (quoted || !record.isEmpty() || field.length() > 0) {
            throw new AssertionError("the file does not end with a complete record");
        }
        return records;
    }
}
