package org.atarisaliency.agents.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds pickle byte streams (and whole legacy checkpoint files) by hand for tests. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes proto2() {
        return new PickleBytes().op(0x80, 2);
    }

    PickleBytes op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        return raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** BINUNICODE. */
    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        return raw(b);
    }

    /** BININT1, BININT2 or BININT as needed. */
    PickleBytes integer(int v) {
        if (v >= 0 && v < 256) {
            return op('K', v);
        }
        if (v >= 0 && v < 65536) {
            return op('M', v & 0xff, v >>> 8);
        }
        op('J');
        return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes stop() {
        return op('.');
    }

    /** MARK i0 i1 ... TUPLE. */
    PickleBytes ints(int... v) {
        mark();
        for (int x : v) {
            integer(x);
        }
        return tuple();
    }

    /** {@code _rebuild_tensor_v2((storage pid), offset, size, stride, False, None)} for a FloatStorage. */
    PickleBytes tensor(String key, int storageNumel, int offset, int[] size, int[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(storageNumel).op('N')
                .tuple().op('Q');
        integer(offset).ints(size).ints(stride).op(0x89, 'N').tuple();
        return reduce();
    }

    /** OrderedDict() with the given (name, tensor pickle fragment) pairs; ends with STOP. */
    static byte[] stateDict(String[] names, PickleBytes[] tensors) {
        PickleBytes p = proto2().global("collections", "OrderedDict").op(')').reduce().mark();
        for (int i = 0; i < names.length; i++) {
            p.str(names[i]).raw(tensors[i].bytes());
        }
        return p.op('u').stop().bytes();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** Magic number, protocol version 1001 and an empty sys_info, as the legacy format starts. */
    static byte[] legacyHeader() {
        PickleBytes p = proto2().op(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop();
        p.op(0x80, 2).integer(1001).stop();
        p.op(0x80, 2, '}').stop();
        return p.bytes();
    }

    /** A complete legacy file: header, the given object pickle, key list, float32 storages. */
    static byte[] legacyFile(byte[] objectPickle, String[] keys, float[][] storages) {
        PickleBytes p = new PickleBytes().raw(legacyHeader()).raw(objectPickle);
        p.op(0x80, 2, ']').mark();
        for (String k : keys) {
            p.str(k);
        }
        p.op('e').stop();
        for (float[] s : storages) {
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * s.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(s.length);
            for (float f : s) {
                b.putFloat(f);
            }
            p.raw(b.array());
        }
        return p.bytes();
    }
}
