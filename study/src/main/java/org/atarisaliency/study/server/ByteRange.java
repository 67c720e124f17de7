package org.atarisaliency.study.server;

/**
 * One byte range of an HTTP Range header (RFC 9110 section 14), as browsers send for video: {@code bytes=START-},
 * {@code bytes=START-END} or {@code bytes=-SUFFIX}.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
record ByteRange(long start, long end) {
    /** The answer for a range that cannot be served (416). */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    long length() {
        return end - start + 1;
    }

    /**
     * The range a Range header asks for in a file of {@code size} bytes: null for "the whole file" (no header,
     * a header we do not understand, or several ranges, which RFC 9110 lets a server answer with the whole
     * file), or {@link #UNSATISFIABLE}.
     */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || start >= size || end < start) {
                return UNSATISFIABLE;
            }
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
