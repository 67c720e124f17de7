package org.atarisaliency.agents.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.atarisaliency.env.OutputFiles;

/**
 * Writes float32 tensors in PyTorch's zip format, as {@code torch.save} does since 1.6, so that
 * {@code torch.load(f, weights_only=True)} and {@link TorchCheckpoint#read} both load the file:
 * a STORED zip of {@code archive/data.pkl} (pickle protocol 2), {@code archive/byteorder}
 * ("little"), {@code archive/data/<i>} (one little-endian float32 storage per tensor, its data
 * aligned to 64 bytes with a zip extra field as torch does) and {@code archive/version} ("3\n").
 * Files are written to a temporary beside the target, synced, then renamed into place. The bytes
 * depend only on the arguments (fixed entry times).
 */
public final class TorchCheckpointWriter {
    /** The key of the state dict in a file written with scalars ({@link #write(Path, Map, Map)}). */
    public static final String STATE_DICT_KEY = "state_dict";
    static final String ARCHIVE = "archive/";
    /** Storage data is aligned to this many bytes from the start of the file, as torch writes it. */
    static final int ALIGNMENT = 64;
    private static final int ALIGN_EXTRA_ID = 0x4246; // "FB", PyTorch's padding field
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0); // 1980-01-01 would add an extended timestamp field

    private TorchCheckpointWriter() {
    }

    /**
     * Writes a state dict (an OrderedDict of name -> tensor, in map order), as
     * {@code torch.save(model.state_dict(), file)} does. Values are written as float32 whatever
     * {@link TensorData#dtype()} says.
     *
     * @throws IllegalArgumentException there are no tensors, or a name is empty
     */
    public static void write(Path file, Map<String, TensorData> tensors) throws IOException {
        writeAtomically(file, pickle(tensors, null), tensors);
    }

    /**
     * Writes a training checkpoint: a dict with the state dict under {@link #STATE_DICT_KEY} and
     * the given int or float scalars beside it, e.g. {@code {"state_dict": ..., "updates": 123}}
     * ({@code torch.load(f)["state_dict"]} in Python; {@link TorchCheckpoint#read} finds the tensors).
     *
     * @param scalars Integer, Long, Short or Byte values become Python ints; Float and Double floats
     * @throws IllegalArgumentException a scalar has another type, or its key is {@value #STATE_DICT_KEY}
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, ? extends Number> scalars)
            throws IOException {
        writeAtomically(file, pickle(tensors, Objects.requireNonNull(scalars, "scalars")), tensors);
    }

    /** The data.pkl bytes: the state dict, or a dict holding it and the scalars when these are given. */
    static byte[] pickle(Map<String, TensorData> tensors, Map<String, ? extends Number> scalars) {
        check(tensors);
        PickleWriter p = new PickleWriter();
        if (scalars != null) {
            p.emptyDict().mark().string(STATE_DICT_KEY);
        }
        p.global("collections", "OrderedDict").emptyTuple().reduce();
        int i = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            if (i % PickleWriter.SETITEMS_BATCH == 0) {
                p.mark();
            }
            p.string(e.getKey());
            tensor(p, String.valueOf(i), e.getValue());
            if (++i % PickleWriter.SETITEMS_BATCH == 0 || i == tensors.size()) {
                p.setItems();
            }
        }
        if (scalars != null) {
            for (Map.Entry<String, ? extends Number> e : scalars.entrySet()) {
                String key = Objects.requireNonNull(e.getKey(), "scalar name");
                if (key.equals(STATE_DICT_KEY)) {
                    throw new IllegalArgumentException("scalar name '" + STATE_DICT_KEY + "' is taken by the tensors");
                }
                p.string(key);
                scalar(p, key, e.getValue());
            }
            p.setItems(); // at most a handful of scalars: one batch
        }
        return p.finish();
    }

    /** {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}. */
    private static void tensor(PickleWriter p, String key, TensorData t) {
        p.global("torch._utils", "_rebuild_tensor_v2").mark();
        p.mark().string("storage").global("torch", "FloatStorage").string(key).string("cpu").integer(t.numel())
                .tupleFromMark().persistentId();
        p.integer(0).intTuple(t.shape()).intTuple(contiguousStride(t.shape())).newFalse();
        p.global("collections", "OrderedDict").emptyTuple().reduce();
        p.tupleFromMark().reduce();
    }

    private static void scalar(PickleWriter p, String key, Number v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            p.integer(v.longValue());
        } else if (v instanceof Double || v instanceof Float) {
            p.real(v.doubleValue());
        } else {
            throw new IllegalArgumentException("scalar '" + key + "' is " + (v == null ? "null" : v.getClass().getSimpleName())
                    + "; expected Integer, Long, Short, Byte, Float or Double");
        }
    }

    /** Row-major strides, as torch gives a contiguous tensor (a size-0 dimension counts as 1). */
    static long[] contiguousStride(long[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= Math.max(1, shape[d]);
        }
        return s;
    }

    private static void check(Map<String, TensorData> tensors) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("no tensors to write; a state dict needs at least one");
        }
        tensors.forEach((name, t) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("tensor names must be non-empty");
            }
            Objects.requireNonNull(t, name);
        });
    }

    private static void writeAtomically(Path file, byte[] pickle, Map<String, TensorData> tensors) throws IOException {
        Path temp = OutputFiles.tempBeside(file);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writeZip(os, pickle, new ArrayList<>(tensors.values()));
                os.flush();
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
            OutputFiles.released(temp);
        }
    }

    /** The zip, in torch's entry order; {@code os} is left open. */
    static void writeZip(OutputStream os, byte[] pickle, List<TensorData> storages) throws IOException {
        Counting counted = new Counting(os);
        ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
        entry(zip, counted, ARCHIVE + "data.pkl", pickle);
        entry(zip, counted, ARCHIVE + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < storages.size(); i++) {
            float[] v = storages.get(i).values();
            ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(v.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            entry(zip, counted, ARCHIVE + "data/" + i, b.array());
        }
        entry(zip, counted, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
        zip.finish();
    }

    /** A STORED entry whose data starts at a multiple of {@link #ALIGNMENT} in the file. */
    private static void entry(ZipOutputStream zip, Counting counted, String name, byte[] data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long dataStart = counted.count + 30 + nameBytes.length + 4; // local header, name, extra field header
        int pad = (int) Math.floorMod(-dataStart, (long) ALIGNMENT);
        byte[] extra = new byte[4 + pad];
        ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN).putShort((short) ALIGN_EXTRA_ID).putShort((short) pad);
        java.util.Arrays.fill(extra, 4, extra.length, (byte) 'Z');
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setTimeLocal(ENTRY_TIME);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setExtra(extra);
        zip.putNextEntry(e);
        if (counted.count != dataStart + pad) {
            throw new IllegalStateException("zip local header of " + name + " has an unexpected length");
        }
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
