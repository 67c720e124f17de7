package org.atarisaliency.agents.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@link TensorRef}s into contiguous float32 {@link TensorData}, checking every index
 * against the storage bytes. The total number of elements produced is capped at twice the
 * storage elements plus {@link #EXTRA_ELEMENTS}, so stride-0 tricks cannot exhaust memory.
 */
final class Materializer {
    static final long EXTRA_ELEMENTS = 1L << 24;
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** Supplies the bytes of a storage: exactly {@code numel * elementSize} bytes, byte order set. */
    interface StorageSource {
        ByteBuffer bytes(Storage s) throws CheckpointException;
    }

    private final String file;
    private final StorageSource source;

    Materializer(String file, StorageSource source) {
        this.file = file;
        this.source = source;
    }

    /** Loads the storages the tensors use, then converts every tensor, keeping the map order. */
    Map<String, TensorData> materializeAll(Map<String, TensorRef> refs) throws CheckpointException {
        Map<Storage, ByteBuffer> loaded = new IdentityHashMap<>();
        long storageElements = 0;
        for (TensorRef t : refs.values()) {
            Storage s = t.slice().storage();
            if (!loaded.containsKey(s)) {
                ByteBuffer b = source.bytes(s);
                if (b.capacity() != s.byteSize()) {
                    throw new IllegalStateException("storage source returned " + b.capacity() + " bytes");
                }
                loaded.put(s, b);
                storageElements += s.numel;
            }
        }
        long budget = 2 * storageElements + EXTRA_ELEMENTS;
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            TensorRef t = e.getValue();
            long numel = checkedNumel(e.getKey(), t);
            if (numel > budget) {
                throw fail(e.getKey(), "the tensors need more elements than the storages hold (" + numel
                        + " more requested); the file is corrupted");
            }
            budget -= numel;
            out.put(e.getKey(), convert(t, (int) numel, loaded.get(t.slice().storage())));
        }
        return out;
    }

    /** Validates shape, strides and bounds; returns the element count. */
    private long checkedNumel(String name, TensorRef t) throws CheckpointException {
        long[] size = t.size();
        long[] stride = t.stride();
        try {
            long numel = 1;
            long last = t.offset();
            for (int d = 0; d < size.length; d++) {
                numel = Math.multiplyExact(numel, size[d]);
                if (size[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
            if (numel > MAX_ARRAY) {
                throw fail(name, "tensor has " + numel + " elements, more than a Java array can hold");
            }
            if (numel > 0 && last >= t.slice().length()) {
                throw fail(name, "tensor reaches element " + last + " of a storage of " + t.slice().length()
                        + " elements; the file is corrupted");
            }
            return numel;
        } catch (ArithmeticException ex) {
            throw fail(name, "tensor size or stride overflows; the file is corrupted");
        }
    }

    private static TensorData convert(TensorRef t, int numel, ByteBuffer data) {
        StorageType type = t.slice().storage().type;
        long[] size = t.size();
        long[] stride = t.stride();
        float[] values = new float[numel];
        long base = t.slice().offset() + t.offset();
        if (type == StorageType.FLOAT && isContiguous(size, stride)) {
            ByteBuffer b = data.duplicate().order(data.order());
            b.position((int) base * 4);
            b.asFloatBuffer().get(values);
        } else {
            int rank = size.length;
            long[] index = new long[rank];
            long p = base;
            for (int n = 0; n < numel; n++) {
                values[n] = type.get(data, (int) p);
                for (int d = rank - 1; d >= 0; d--) {
                    index[d]++;
                    p += stride[d];
                    if (index[d] < size[d]) {
                        break;
                    }
                    p -= stride[d] * size[d];
                    index[d] = 0;
                }
            }
        }
        return new TensorData(type.dtype, size.clone(), values);
    }

    private static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    private CheckpointException fail(String name, String problem) {
        return new CheckpointException(file + ": '" + PyValues.printable(name) + "': " + problem
                + "; re-save it with torch.save(model.state_dict(), path)");
    }

    /** Wraps {@code bytes[offset, offset + length)} with the given byte order. */
    static ByteBuffer wrap(byte[] bytes, int offset, int length, ByteOrder order) {
        return ByteBuffer.wrap(bytes, offset, length).slice().order(order);
    }
}
