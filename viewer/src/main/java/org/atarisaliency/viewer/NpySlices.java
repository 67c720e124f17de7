package org.atarisaliency.viewer;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.atarisaliency.env.Npy;

/**
 * An .npy file read one record (one step) at a time: the record at index t lies at the header's end plus t times the record's
 * bytes, read through a {@link FileChannel} (positional reads, safe from several threads), so the file is never loaded whole.
 * A 2-D array of a single frame's map (the {@code saliency} command's) is one record.
 */
final class NpySlices implements AutoCloseable {
    private final Npy.Header header;
    private final FileChannel channel;
    private final boolean single;

    private NpySlices(Npy.Header header, FileChannel channel, boolean single) {
        this.header = header;
        this.channel = channel;
        this.single = single;
    }

    /** Opens {@code file}; {@code recordRank} is the rank of one record (2 for a map, 3 for an RGB frame). */
    static NpySlices open(Path file, int recordRank) throws IOException {
        Npy.Header h = Npy.readHeader(file);
        boolean single = h.shape().length == recordRank;
        if (!single && h.shape().length != recordRank + 1) {
            throw new IOException(file + " has shape " + java.util.Arrays.toString(h.shape()) + ", not records of rank " + recordRank);
        }
        return new NpySlices(h, FileChannel.open(file, StandardOpenOption.READ), single);
    }

    /** Records in the file. */
    int length() {
        return single ? 1 : header.shape()[0];
    }

    /** The shape of one record. */
    int[] recordShape() {
        int[] s = header.shape();
        return single ? s.clone() : java.util.Arrays.copyOfRange(s, 1, s.length);
    }

    private long recordBytes() {
        long n = header.dtype().size();
        for (int d : recordShape()) {
            n *= d;
        }
        return n;
    }

    /** The raw bytes of record {@code t}, in the file's byte order. */
    ByteBuffer record(int t) throws IOException {
        if (t < 0 || t >= length()) {
            throw new IllegalArgumentException("step " + t + " is outside 0.." + (length() - 1));
        }
        long bytes = recordBytes();
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(header.order());
        long at = header.dataOffset() + t * bytes;
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new EOFException("record " + t + " is past the end of the file (truncated?)");
            }
        }
        return b.flip();
    }

    /** Record {@code t} as floats (a float32 file). */
    float[] floats(int t) throws IOException {
        if (header.dtype() != Npy.DType.FLOAT32) {
            throw new IOException("not a float32 array");
        }
        ByteBuffer b = record(t);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    /** The sum of each record's values (a float32 file), read a few MB at a time. */
    double[] sums() throws IOException {
        if (header.dtype() != Npy.DType.FLOAT32) {
            throw new IOException("not a float32 array");
        }
        int per = (int) (recordBytes() / 4);
        int block = Math.max(1, (4 << 20) / (per * 4));
        double[] out = new double[length()];
        ByteBuffer b = ByteBuffer.allocateDirect(block * per * 4).order(header.order());
        for (int t0 = 0; t0 < out.length; t0 += block) {
            int n = Math.min(block, out.length - t0);
            b.clear().limit(n * per * 4);
            long at = header.dataOffset() + t0 * (long) per * 4;
            while (b.hasRemaining()) {
                if (channel.read(b, at + b.position()) < 0) {
                    throw new EOFException("record " + (t0 + n - 1) + " is past the end of the file (truncated?)");
                }
            }
            java.nio.FloatBuffer f = b.flip().asFloatBuffer();
            for (int k = 0; k < n; k++) {
                double sum = 0;
                for (int i = 0; i < per; i++) {
                    sum += f.get(k * per + i);
                }
                out[t0 + k] = sum;
            }
        }
        return out;
    }

    /** Record {@code t} as bytes (a uint8 file). */
    byte[] bytes(int t) throws IOException {
        ByteBuffer b = record(t);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
