package org.atarisaliency.agents.checkpoint;

/**
 * One storage named by a persistent id: its key, element type and declared element count.
 * The bytes are supplied later by the format reader (see {@link Materializer.StorageSource}).
 */
final class Storage {
    final String key;
    final StorageType type;
    final long numel;

    Storage(String key, StorageType type, long numel) {
        this.key = key;
        this.type = type;
        this.numel = numel;
    }

    /** Declared size in bytes, or -1 if it does not fit a long. */
    long byteSize() {
        try {
            return Math.multiplyExact(numel, (long) type.elementSize);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
