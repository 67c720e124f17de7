package org.atarisaliency.agents.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reading zip entries of agent files with a bound, so that a zip bomb or a lying directory cannot
 * fill memory or disk: a compressed entry may expand at most {@link #MAX_INFLATE_RATIO} times its
 * compressed size (plus 1 MiB; weights compress hardly at all, a bomb of zeros by 1000x), a stored
 * one not at all, and neither beyond the limit of what the reader needs. The size the directory
 * declares is checked first, then the bytes actually read, as they are read.
 */
public final class ZipEntries {
    /** How much a compressed entry may expand relative to its compressed size. */
    public static final long MAX_INFLATE_RATIO = 64;

    private ZipEntries() {
    }

    /** The most bytes {@code e} may expand to: bounded by its compressed size and by {@code limit}. */
    public static long bound(ZipEntry e, long limit) {
        long compressed = e.getCompressedSize();
        if (compressed < 0) {
            return limit;
        }
        long honest = e.getMethod() == ZipEntry.STORED ? compressed : MAX_INFLATE_RATIO * compressed + (1 << 20);
        return Math.min(limit, honest);
    }

    /** The entry's bytes, refused (naming {@code file} and the entry) beyond {@link #bound}. */
    public static byte[] read(String file, ZipFile zip, ZipEntry e, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(file, zip, e, Math.min(limit, Integer.MAX_VALUE - 64), out);
        return out.toByteArray();
    }

    /** Copies the entry to {@code out}, refused (naming {@code file} and the entry) beyond {@link #bound}. */
    public static void copy(String file, ZipFile zip, ZipEntry e, long limit, OutputStream out) throws IOException {
        long max = bound(e, limit);
        if (e.getSize() > max) {
            throw tooLarge(file, e, "declares " + e.getSize() + " bytes", max);
        }
        byte[] buf = new byte[1 << 16];
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                total += r;
                if (total > max) {
                    throw tooLarge(file, e, "expands to more than " + max + " bytes", max);
                }
                out.write(buf, 0, r);
            }
        }
    }

    private static CheckpointException tooLarge(String file, ZipEntry e, String what, long max) {
        return new CheckpointException(file + ": entry '" + e.getName() + "' " + what + ", more than its "
                + e.getCompressedSize() + " compressed bytes or this reader allow (at most " + max + "); the file is damaged or"
                + " not an agent (a zip bomb?)");
    }
}
