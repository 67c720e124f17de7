package org.atarisaliency.agents.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol 2 with the opcodes Python's pickler uses for the values of a state dict:
 * globals, tuples, dicts, strings, ints, floats, False and persistent ids. No memo is written
 * (unpicklers do not need one).
 */
final class PickleWriter {
    /** Pairs per SETITEMS, as in Python's pickler. */
    static final int SETITEMS_BATCH = 1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80); // PROTO
        out.write(2);
    }

    PickleWriter global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    /** TUPLE: the items since the last {@link #mark}. */
    PickleWriter tupleFromMark() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    /** SETITEMS: key, value pairs since the last {@link #mark} go into the dict below the mark. */
    PickleWriter setItems() {
        return op('u');
    }

    /** REDUCE: calls the callable below the argument tuple. */
    PickleWriter reduce() {
        return op('R');
    }

    /** BINPERSID: the object on top is a persistent id. */
    PickleWriter persistentId() {
        return op('Q');
    }

    PickleWriter newFalse() {
        return op(0x89);
    }

    /** BINUNICODE. */
    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.writeBytes(b);
        return this;
    }

    /** An int, in the shortest of BININT1, BININT2, BININT and LONG1, as Python chooses. */
    PickleWriter integer(long v) {
        if (v >= 0 && v < 0x100) {
            out.write('K');
            out.write((int) v);
        } else if (v >= 0 && v < 0x10000) {
            out.write('M');
            out.write((int) v & 0xff);
            out.write((int) (v >>> 8) & 0xff);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        } else {
            byte[] be = BigInteger.valueOf(v).toByteArray(); // minimal two's complement, big-endian
            out.write(0x8a);
            out.write(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                out.write(be[i]);
            }
        }
        return this;
    }

    /** BINFLOAT (big-endian double). */
    PickleWriter real(double v) {
        out.write('G');
        out.writeBytes(ByteBuffer.allocate(8).putDouble(v).array());
        return this;
    }

    /** A tuple of ints: TUPLE1..3 for up to three items, else MARK ... TUPLE. */
    PickleWriter intTuple(long[] v) {
        if (v.length == 0) {
            return emptyTuple();
        }
        if (v.length > 3) {
            mark();
        }
        for (long x : v) {
            integer(x);
        }
        return v.length > 3 ? tupleFromMark() : op(0x84 + v.length);
    }

    /** STOP, and the bytes. */
    byte[] finish() {
        out.write('.');
        return out.toByteArray();
    }

    private PickleWriter op(int code) {
        out.write(code);
        return this;
    }
}
