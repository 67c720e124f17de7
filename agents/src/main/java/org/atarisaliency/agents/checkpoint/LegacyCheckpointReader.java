package org.atarisaliency.agents.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the legacy (PyTorch &lt; 1.6) format: five pickles (magic number, protocol version,
 * sys_info, the object, the storage key list), then for each key an int64 element count and the
 * raw elements. See /work/shared/docs/torch-legacy-checkpoint-format.md.
 */
final class LegacyCheckpointReader {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long PROTOCOL_VERSION = 1001;

    private LegacyCheckpointReader() {
    }

    static StateDict read(String file, byte[] data) throws CheckpointException {
        PickleMachine.Result magic = PickleMachine.run(file, null, data, 0, data.length, TorchHooks.PLAIN_DATA);
        if (!MAGIC.equals(asBig(magic.value()))) {
            throw new CheckpointException(file + ": not a PyTorch checkpoint (it is a pickle, but without the"
                    + " torch.save magic number); expected a file written by torch.save");
        }
        PickleMachine.Result version =
                PickleMachine.run(file, null, data, magic.end(), data.length, TorchHooks.PLAIN_DATA);
        if (!Long.valueOf(PROTOCOL_VERSION).equals(version.value())) {
            throw new CheckpointException(file + ": unsupported legacy checkpoint protocol version "
                    + PyValues.describe(version.value()) + " (expected 1001); the file is corrupted or"
                    + " from an unknown PyTorch version");
        }
        PickleMachine.Result sysInfo =
                PickleMachine.run(file, null, data, version.end(), data.length, TorchHooks.PLAIN_DATA);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (sysInfo.value() instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
            order = ByteOrder.BIG_ENDIAN;
        }
        StorageRegistry registry = new StorageRegistry(true);
        PickleMachine.Result root =
                PickleMachine.run(file, null, data, sysInfo.end(), data.length, new TorchHooks(registry));
        PickleMachine.Result keys =
                PickleMachine.run(file, null, data, root.end(), data.length, TorchHooks.PLAIN_DATA);
        if (!(keys.value() instanceof List<?> keyList)) {
            throw corrupt(file, "the storage key list is " + PyValues.describe(keys.value()));
        }
        Map<Storage, ByteBuffer> bytes = new HashMap<>();
        int pos = keys.end();
        for (Object k : keyList) {
            if (!(k instanceof String key)) {
                throw corrupt(file, "storage key " + PyValues.describe(k) + " is not a string");
            }
            Storage s = registry.get(key);
            if (s == null || bytes.containsKey(s)) {
                throw corrupt(file, "storage key '" + PyValues.printable(key) + "' is "
                        + (s == null ? "not used by any tensor" : "listed twice"));
            }
            if (data.length - pos < 8) {
                throw corrupt(file, "file ends inside the header of storage '" + PyValues.printable(key)
                        + "' at byte " + pos);
            }
            long count = ByteBuffer.wrap(data, pos, 8).order(order).getLong();
            pos += 8;
            if (count != s.numel) {
                throw corrupt(file, "storage '" + PyValues.printable(key) + "' has " + count
                        + " elements at byte " + (pos - 8) + " but the pickle says " + s.numel);
            }
            long size = s.byteSize();
            if (size > data.length - pos) {
                throw corrupt(file, "storage '" + PyValues.printable(key) + "' needs " + size
                        + " bytes but only " + (data.length - pos) + " are left");
            }
            bytes.put(s, Materializer.wrap(data, pos, (int) size, order));
            pos += (int) size;
        }
        if (pos != data.length) {
            throw corrupt(file, (data.length - pos) + " unexpected bytes after the last storage (byte " + pos + ")");
        }
        Materializer m = new Materializer(file, s -> {
            ByteBuffer b = bytes.get(s);
            if (b == null) {
                throw corrupt(file, "storage '" + PyValues.printable(s.key) + "' has no data in the file");
            }
            return b;
        });
        return new StateDict(file, m.materializeAll(StateDictFinder.find(file, root.value())));
    }

    private static BigInteger asBig(Object o) {
        if (o instanceof BigInteger b) {
            return b;
        }
        return o instanceof Long l ? BigInteger.valueOf(l) : null;
    }

    private static CheckpointException corrupt(String file, String problem) {
        return new CheckpointException(file + ": " + problem + "; " + PickleMachine.CORRUPT_HINT);
    }
}
