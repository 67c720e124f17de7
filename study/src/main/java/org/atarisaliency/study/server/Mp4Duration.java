package org.atarisaliency.study.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads an MP4's duration from its movie header (moov/mvhd), without decoding anything. */
final class Mp4Duration {
    private Mp4Duration() {
    }

    /** The duration in seconds; an IOException with a one-line message when the file has no readable movie header. */
    static double seconds(Path mp4) throws IOException {
        try (FileChannel ch = FileChannel.open(mp4, StandardOpenOption.READ)) {
            long moov = find(ch, 0, ch.size(), "moov");
            if (moov >= 0) {
                long moovEnd = moov + boxSize(ch, moov);
                long mvhd = find(ch, moov + 8, moovEnd, "mvhd");
                if (mvhd >= 0) {
                    ByteBuffer b = read(ch, mvhd + 8, 32);
                    int version = b.get(0);
                    long timescale = version == 1 ? Integer.toUnsignedLong(b.getInt(20)) : Integer.toUnsignedLong(b.getInt(12));
                    long duration = version == 1 ? b.getLong(24) : Integer.toUnsignedLong(b.getInt(16));
                    if (timescale > 0 && duration >= 0) {
                        return duration / (double) timescale;
                    }
                }
            }
        }
        throw new IOException(mp4 + ": not an MP4 with a movie header (moov/mvhd); rebuild the study");
    }

    /** The offset of the first box of this type in [from, to), or -1. */
    private static long find(FileChannel ch, long from, long to, String type) throws IOException {
        long at = from;
        while (at + 8 <= to) {
            long size = boxSize(ch, at);
            if (size < 8) {
                return -1;
            }
            ByteBuffer head = read(ch, at + 4, 4);
            if (type.equals(new String(head.array(), java.nio.charset.StandardCharsets.US_ASCII))) {
                return at;
            }
            at += size;
        }
        return -1;
    }

    private static long boxSize(FileChannel ch, long at) throws IOException {
        long size = Integer.toUnsignedLong(read(ch, at, 4).getInt(0));
        if (size == 1) {
            return read(ch, at + 8, 8).getLong(0);
        }
        return size == 0 ? ch.size() - at : size;
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // keep reading
        }
        if (b.hasRemaining()) {
            throw new IOException("truncated MP4 box");
        }
        return b;
    }
}
