package org.atarisaliency.env;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Appends float32 (or uint8, see {@link #uint8}) records of a fixed shape to an NPY file whose first dimension grows (T x
 * shape...), so long recordings never hold all records in memory. Written under a temporary
 * name; {@link #close()} patches the final length into the header and renames the file into
 * place, {@link #abort()} deletes it.
 */
public final class NpyStreamWriter implements AutoCloseable {
    private static final int HEADER = 128;
    private final Path target;
    private final Path temp;
    private final int[] record;
    private final int recordLength;
    private final String descr;
    private final int elementSize;
    private final FileChannel ch;
    private final ByteBuffer buf;
    private int count;
    private boolean done;

    /** @param record  the shape of one record, e.g. {80, 80} */
    public NpyStreamWriter(Path target, int... record) throws IOException {
        this(target, "<f4", 4, record);
    }

    /** A writer of uint8 records (e.g. RGB frames, {210, 160, 3}). */
    public static NpyStreamWriter uint8(Path target, int... record) throws IOException {
        return new NpyStreamWriter(target, "|u1", 1, record);
    }

    private NpyStreamWriter(Path target, String descr, int elementSize, int... record) throws IOException {
        this.descr = descr;
        this.elementSize = elementSize;
        this.target = target.toAbsolutePath();
        this.record = record.clone();
        this.recordLength = Arrays.stream(record).reduce(1, (a, b) -> a * b);
        this.temp = OutputFiles.tempBeside(this.target);
        this.ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.buf = ByteBuffer.allocate(recordLength * elementSize).order(ByteOrder.LITTLE_ENDIAN);
        ch.write(header(0));
    }

    private ByteBuffer header(int n) {
        StringBuilder shape = new StringBuilder("(").append(n);
        for (int d : record) {
            shape.append(", ").append(d);
        }
        shape.append(record.length == 0 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < HEADER - 10 - 1) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) (HEADER - 10));
        b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        b.flip();
        return b;
    }

    /** Appends one record. */
    public void append(float[] values) throws IOException {
        if (elementSize != 4) {
            throw new IllegalStateException("this writer holds uint8 records");
        }
        if (values.length != recordLength) {
            throw new IllegalArgumentException("record has " + values.length + " values, expected " + recordLength);
        }
        buf.clear();
        buf.asFloatBuffer().put(values);
        buf.limit(recordLength * 4);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        count++;
    }

    /** Appends one uint8 record. */
    public void append(byte[] values) throws IOException {
        if (elementSize != 1) {
            throw new IllegalStateException("this writer holds float32 records");
        }
        if (values.length != recordLength) {
            throw new IllegalArgumentException("record has " + values.length + " values, expected " + recordLength);
        }
        ByteBuffer b = ByteBuffer.wrap(values);
        while (b.hasRemaining()) {
            ch.write(b);
        }
        count++;
    }

    /** Records written. */
    public int count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        ch.write(header(count), 0);
        ch.close();
        OutputFiles.moveIntoPlace(temp, target);
    }

    /** Deletes the partial file. */
    public void abort() {
        if (!done) {
            done = true;
            try {
                ch.close();
                Files.deleteIfExists(temp);
                OutputFiles.released(temp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
