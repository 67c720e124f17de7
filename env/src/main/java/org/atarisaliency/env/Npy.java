package org.atarisaliency.env;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal reader/writer of NumPy {@code .npy} files (C order) for uint8, int32 and float32
 * arrays. Files written here open with {@code numpy.load}; writes are atomic (temp file in
 * the same directory, then rename).
 */
public final class Npy {

    /** Element types supported. */
    public enum DType {
        UINT8("|u1", 1),
        INT32("<i4", 4),
        FLOAT32("<f4", 4);

        private final String descr;
        private final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        /** NumPy type string written to the header, e.g. {@code "<f4"}. */
        public String descr() {
            return descr;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }
    }

    /** An array read from a file: shape plus data as byte[], int[] or float[]. */
    public static final class Array {
        private final DType dtype;
        private final int[] shape;
        private final Object data;

        Array(DType dtype, int[] shape, Object data) {
            this.dtype = dtype;
            this.shape = shape;
            this.data = data;
        }

        public DType dtype() {
            return dtype;
        }

        /** A copy of the shape (an empty array for a scalar). */
        public int[] shape() {
            return shape.clone();
        }

        /** Number of elements. */
        public int size() {
            return count(shape);
        }

        /** The data of a uint8 array (row-major; not copied). */
        public byte[] bytes() {
            return as(DType.UINT8, byte[].class);
        }

        /** The data of an int32 array (row-major; not copied). */
        public int[] ints() {
            return as(DType.INT32, int[].class);
        }

        /** The data of a float32 array (row-major; not copied). */
        public float[] floats() {
            return as(DType.FLOAT32, float[].class);
        }

        private <T> T as(DType want, Class<T> cls) {
            if (dtype != want) {
                throw new IllegalStateException("array is " + dtype + ", not " + want);
            }
            return cls.cast(data);
        }

        @Override
        public String toString() {
            return "Npy.Array[" + dtype + " " + Arrays.toString(shape) + "]";
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a C-order uint8 ({@code |u1}), int32 ({@code <i4},{@code >i4}) or float32 array. */
    public static Array read(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        try {
            return parse(all);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * What an .npy header says: element type, byte order, shape and where the data starts; {@link #readHeader} reads only this,
     * so a caller can read one slice of a large file at {@code dataOffset + index * sliceBytes}.
     */
    public record Header(DType dtype, ByteOrder order, int[] shape, int dataOffset) {
        /** Bytes of one record along the first axis (the product of the other dimensions times the element size). */
        public long recordBytes() {
            long n = dtype.size();
            for (int k = 1; k < shape.length; k++) {
                n *= shape[k];
            }
            return n;
        }
    }

    /** The header of an .npy file, without reading its data. */
    public static Header readHeader(Path path) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] start = in.readNBytes(12);
            int length = start.length < 10 ? 0 : (start[6] & 0xff) == 1 ? 10 + (ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xffff)
                    : 12 + (int) Math.min(1 << 20, ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getInt(8) & 0xffffffffL);
            byte[] all = Arrays.copyOf(start, Math.max(start.length, length));
            in.readNBytes(all, start.length, all.length - start.length);
            return parseHeader(all);
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** Parses the bytes of a whole .npy file. */
    public static Array parse(byte[] all) {
        Header h = parseHeader(all);
        DType dtype = h.dtype();
        int[] shape = h.shape();
        int count = count(shape);
        int dataStart = h.dataOffset();
        ByteOrder order = h.order();
        long need = (long) count * dtype.size;
        if (all.length - dataStart < need) {
            throw new IllegalArgumentException("truncated data: need " + need + " bytes");
        }
        ByteBuffer data = ByteBuffer.wrap(all, dataStart, (int) need).slice().order(order);
        Object out;
        switch (dtype) {
            case UINT8:
                out = Arrays.copyOfRange(all, dataStart, dataStart + count);
                break;
            case INT32: {
                int[] a = new int[count];
                data.asIntBuffer().get(a);
                out = a;
                break;
            }
            default: {
                float[] a = new float[count];
                data.asFloatBuffer().get(a);
                out = a;
                break;
            }
        }
        return new Array(dtype, shape, out);
    }

    private static Header parseHeader(byte[] all) {
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC)) {
            throw new IllegalArgumentException("not an .npy file");
        }
        int major = all[6] & 0xff;
        int headerLen;
        int headerStart;
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            long len = bb.getInt(8) & 0xffffffffL;
            if (len > all.length) {
                throw new IllegalArgumentException("bad header length");
            }
            headerLen = (int) len;
            headerStart = 12;
        } else {
            throw new IllegalArgumentException("unsupported .npy version " + major);
        }
        if (headerStart + headerLen > all.length) {
            throw new IllegalArgumentException("truncated header");
        }
        String header = new String(all, headerStart, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        if ("True".equals(group(FORTRAN, header, "fortran_order"))) {
            throw new IllegalArgumentException("fortran_order arrays are not supported");
        }
        String shapeText = group(SHAPE, header, "shape").trim();
        int[] shape;
        if (shapeText.isEmpty()) {
            shape = new int[0];
        } else {
            String[] parts = shapeText.split(",");
            int n = 0;
            shape = new int[parts.length];
            for (String p : parts) {
                p = p.trim();
                if (!p.isEmpty()) {
                    long v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                    if (v < 0 || v > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("dimension out of range: " + v);
                    }
                    shape[n++] = (int) v;
                }
            }
            shape = Arrays.copyOf(shape, n);
        }
        int dataStart = headerStart + headerLen;
        ByteOrder order;
        DType dtype;
        switch (descr) {
            case "|u1": case "<u1": case ">u1": case "u1":
                dtype = DType.UINT8; order = ByteOrder.LITTLE_ENDIAN; break;
            case "<i4": dtype = DType.INT32; order = ByteOrder.LITTLE_ENDIAN; break;
            case ">i4": dtype = DType.INT32; order = ByteOrder.BIG_ENDIAN; break;
            case "<f4": dtype = DType.FLOAT32; order = ByteOrder.LITTLE_ENDIAN; break;
            case ">f4": dtype = DType.FLOAT32; order = ByteOrder.BIG_ENDIAN; break;
            default: throw new IllegalArgumentException("unsupported dtype " + descr);
        }
        return new Header(dtype, order, shape, dataStart);
    }

    /** Writes a uint8 array of the given shape (product of shape must equal data.length). */
    public static void writeUint8(Path path, byte[] data, int... shape) throws IOException {
        check(data.length, shape);
        writeAtomically(path, header(DType.UINT8, shape), data);
    }

    /** Writes an int32 array (little-endian) of the given shape. */
    public static void writeInt32(Path path, int[] data, int... shape) throws IOException {
        check(data.length, shape);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(data);
        writeAtomically(path, header(DType.INT32, shape), bb.array());
    }

    /** Writes a float32 array (little-endian) of the given shape. */
    public static void writeFloat32(Path path, float[] data, int... shape) throws IOException {
        check(data.length, shape);
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        writeAtomically(path, header(DType.FLOAT32, shape), bb.array());
    }

    /** The .npy header (magic, version, length, dict, padding) for a C-order array. */
    static byte[] header(DType dtype, int[] shape) {
        StringBuilder sb = new StringBuilder();
        sb.append("{'descr': '").append(dtype.descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sb.append(shape.length == 1 ? "," : ", ");
            }
        }
        sb.append("), }");
        // total (magic 6 + version 2 + length 2 or 4 + dict + '\n') padded to a multiple of 64
        int prefix = 10;
        int total = prefix + sb.length() + 1;
        if (total > 65535 + prefix) {
            prefix = 12;
            total = prefix + sb.length() + 1;
        }
        int pad = (64 - total % 64) % 64;
        sb.append(" ".repeat(pad)).append('\n');
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(prefix + dict.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC);
        if (prefix == 10) {
            bb.put((byte) 1).put((byte) 0).putShort((short) dict.length);
        } else {
            bb.put((byte) 2).put((byte) 0).putInt(dict.length);
        }
        bb.put(dict);
        return bb.array();
    }

    private static void writeAtomically(Path path, byte[] header, byte[] body) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // unique name in the same directory (same file system, so the rename is atomic);
        // created like any new file (umask permissions), unlike Files.createTempFile's 0600
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "."
                + Long.toHexString(ProcessHandle.current().pid()) + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                os.write(header);
                os.write(body);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void check(int length, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
        }
        if (count(shape) != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " does not match data length " + length);
        }
    }

    private static int count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
            }
        }
        return (int) n;
    }

    private static String group(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException("header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }
}
