package org.atarisaliency.agents.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A restricted pickle virtual machine. It knows only the opcodes a PyTorch state dict needs
 * (protocols 2 to 4, binary opcodes only) and delegates every global, call and persistent id to
 * {@link Hooks}, which decide what is allowed. Nothing is ever executed; every length is checked
 * against the bytes left and the stack, memo and nesting depth are capped.
 */
final class PickleMachine {
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_MARK_DEPTH = 1 << 12;
    static final int MAX_LINE = 256;
    static final int MAX_INT_BYTES = 64;
    static final String CORRUPT_HINT = "the file is truncated or corrupted;"
            + " copy it again or re-save it with torch.save(model.state_dict(), path)";
    static final String SAFETY_HINT = "refusing to load it: this safe reader only loads plain state_dicts;"
            + " save one with torch.save(model.state_dict(), path)";

    /** Decides what globals, calls, persistent ids and BUILDs mean; throws {@link Reject} to refuse. */
    interface Hooks {
        Object global(String module, String name) throws Reject;

        Object reduce(Object callable, PyTuple args) throws Reject;

        Object persistentLoad(Object pid) throws Reject;

        Object build(Object obj, Object state) throws Reject;
    }

    /** A refusal or a format error; turned into a {@link CheckpointException} with position info. */
    static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final String hint;

        Reject(String problem, String hint) {
            super(problem, null, false, false);
            this.hint = hint;
        }

        static Reject corrupt(String problem) {
            return new Reject(problem, CORRUPT_HINT);
        }

        static Reject unsafe(String problem) {
            return new Reject(problem, SAFETY_HINT);
        }
    }

    /** The unpickled object and the position just after its STOP opcode. */
    record Result(Object value, int end) {
    }

    private final String file;
    private final String part;
    private final byte[] buf;
    private final int end;
    private final Hooks hooks;
    private final List<Object> stack = new ArrayList<>();
    private final int[] marks = new int[MAX_MARK_DEPTH];
    private int markCount;
    private final Map<Long, Object> memo = new HashMap<>();
    private int pos;

    private PickleMachine(String file, String part, byte[] buf, int start, int end, Hooks hooks) {
        this.file = file;
        this.part = part;
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.hooks = hooks;
    }

    /**
     * Runs one pickle from {@code buf[start]} up to its STOP opcode (not reading at or past
     * {@code end}).
     *
     * @param file name used in error messages
     * @param part which part of the file this is (e.g. "archive/data.pkl"), or null
     */
    static Result run(String file, String part, byte[] buf, int start, int end, Hooks hooks)
            throws CheckpointException {
        PickleMachine vm = new PickleMachine(file, part, buf, start, end, hooks);
        return vm.execute();
    }

    private Result execute() throws CheckpointException {
        while (true) {
            int at = pos;
            try {
                if (pos >= end) {
                    throw Reject.corrupt("pickle data ends without a STOP opcode");
                }
                int op = buf[pos++] & 0xff;
                if (op == '.') {
                    return new Result(pop(), pos);
                }
                step(op);
            } catch (Reject r) {
                String where = part == null ? " at byte " + at : " at byte " + at + " of " + part;
                throw new CheckpointException(file + ": " + r.getMessage() + where + "; " + r.hint);
            }
        }
    }

    private void step(int op) throws Reject {
        switch (op) {
            case 0x80 -> { // PROTO
                int v = u8();
                if (v < 2 || v > 5) {
                    throw Reject.corrupt("unsupported pickle protocol " + v);
                }
            }
            case 0x95 -> { // FRAME: only a length prefix; contents are ordinary opcodes
                long n = i64();
                if (n < 0 || n > end - pos) {
                    throw Reject.corrupt("pickle frame of " + n + " bytes exceeds the " + (end - pos) + " bytes left");
                }
            }
            case '(' -> { // MARK
                if (markCount >= MAX_MARK_DEPTH) {
                    throw Reject.corrupt("pickle nesting deeper than " + MAX_MARK_DEPTH);
                }
                marks[markCount++] = stack.size();
            }
            case '0' -> { // POP
                if (markCount > 0 && marks[markCount - 1] == stack.size()) {
                    markCount--;
                } else {
                    pop();
                }
            }
            case '1' -> popMark(); // POP_MARK
            case '2' -> push(peek()); // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) i32()); // BININT
            case 'K' -> push((long) u8()); // BININT1
            case 'M' -> push((long) u16()); // BININT2
            case 0x8a -> push(bigInt(u8())); // LONG1
            case 0x8b -> push(bigInt(i32())); // LONG4
            case 'G' -> push(Double.longBitsToDouble(ByteBuffer.wrap(bytes(8)).getLong())); // BINFLOAT (big-endian)
            case 'X' -> push(utf8(u32())); // BINUNICODE
            case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
            case 0x8d -> push(utf8(i64())); // BINUNICODE8
            case 'T' -> push(latin1(i32())); // BINSTRING
            case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
            case 'B' -> push(bytes(checkLength(u32()))); // BINBYTES
            case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
            case 0x8e -> push(bytes(checkLength(i64()))); // BINBYTES8
            case ')' -> push(PyTuple.EMPTY);
            case 't' -> push(new PyTuple(Collections.unmodifiableList(popMark())));
            case 0x85 -> push(PyTuple.of(pop()));
            case 0x86 -> {
                Object b = pop();
                push(PyTuple.of(pop(), b));
            }
            case 0x87 -> {
                Object c = pop();
                Object b = pop();
                push(PyTuple.of(pop(), b, c));
            }
            case ']' -> push(new ArrayList<>());
            case 'l' -> push(popMark());
            case 'a' -> {
                Object v = pop();
                list(peek()).add(v);
            }
            case 'e' -> {
                List<Object> items = popMark();
                list(peek()).addAll(items);
            }
            case '}' -> push(new LinkedHashMap<>());
            case 'd' -> {
                Map<Object, Object> d = new LinkedHashMap<>();
                putPairs(d, popMark());
                push(d);
            }
            case 's' -> {
                Object v = pop();
                Object k = pop();
                dict(peek()).put(PyValues.key(k), v);
            }
            case 'u' -> {
                List<Object> items = popMark();
                putPairs(dict(peek()), items);
            }
            case 'q' -> memoPut(u8()); // BINPUT
            case 'r' -> memoPut(u32()); // LONG_BINPUT
            case 0x94 -> memoPut(memo.size()); // MEMOIZE
            case 'h' -> memoGet(u8()); // BINGET
            case 'j' -> memoGet(u32()); // LONG_BINGET
            case 'c' -> { // GLOBAL
                String module = line();
                String name = line();
                push(hooks.global(module, name));
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw Reject.corrupt("STACK_GLOBAL needs two strings, got " + PyValues.describe(module)
                            + " and " + PyValues.describe(name));
                }
                push(hooks.global(m, n));
            }
            case 'R' -> { // REDUCE
                Object args = pop();
                Object callable = pop();
                if (!(args instanceof PyTuple t)) {
                    throw Reject.corrupt("REDUCE needs an argument tuple, got " + PyValues.describe(args));
                }
                push(hooks.reduce(callable, t));
            }
            case 'b' -> { // BUILD
                Object state = pop();
                Object obj = pop();
                push(hooks.build(obj, state));
            }
            case 'Q' -> push(hooks.persistentLoad(pop())); // BINPERSID
            default -> throw rejectOpcode(op);
        }
    }

    private static Reject rejectOpcode(int op) {
        String name = switch (op) {
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 'i' -> "INST";
            case 'o' -> "OBJ";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 'P' -> "PERSID";
            case 'I' -> "INT";
            case 'L' -> "LONG";
            case 'S' -> "STRING";
            case 'V' -> "UNICODE";
            case 'F' -> "FLOAT";
            case 'p' -> "PUT";
            case 'g' -> "GET";
            case 0x8f -> "EMPTY_SET";
            case 0x90 -> "ADDITEMS";
            case 0x91 -> "FROZENSET";
            case 0x96 -> "BYTEARRAY8";
            case 0x97 -> "NEXT_BUFFER";
            case 0x98 -> "READONLY_BUFFER";
            default -> null;
        };
        String hex = String.format(Locale.ROOT, "0x%02x", op);
        if (name == null) {
            return Reject.corrupt("unknown pickle opcode " + hex);
        }
        return Reject.unsafe("pickle opcode " + name + " (" + hex + ") is not supported");
    }

    // ---- stack, marks, memo ----

    private void push(Object o) throws Reject {
        if (stack.size() >= MAX_STACK) {
            throw Reject.corrupt("pickle stack exceeds " + MAX_STACK + " entries");
        }
        stack.add(o);
    }

    private Object pop() throws Reject {
        int n = stack.size();
        if (n == 0 || (markCount > 0 && marks[markCount - 1] >= n)) {
            throw Reject.corrupt("pickle stack underflow");
        }
        return stack.remove(n - 1);
    }

    private Object peek() throws Reject {
        int n = stack.size();
        if (n == 0 || (markCount > 0 && marks[markCount - 1] >= n)) {
            throw Reject.corrupt("pickle stack underflow");
        }
        return stack.get(n - 1);
    }

    private ArrayList<Object> popMark() throws Reject {
        if (markCount == 0) {
            throw Reject.corrupt("pickle MARK missing");
        }
        int m = marks[--markCount];
        List<Object> tail = stack.subList(m, stack.size());
        ArrayList<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void memoPut(long index) throws Reject {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw Reject.corrupt("pickle memo exceeds " + MAX_MEMO + " entries");
        }
        memo.put(index, peek());
    }

    private void memoGet(long index) throws Reject {
        if (!memo.containsKey(index)) {
            throw Reject.corrupt("pickle memo entry " + index + " is missing");
        }
        push(memo.get(index));
    }

    // ---- containers ----

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) throws Reject {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw Reject.corrupt("APPEND needs a list, got " + PyValues.describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) throws Reject {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw Reject.corrupt("SETITEM needs a dict, got " + PyValues.describe(o));
    }

    private static void putPairs(Map<Object, Object> d, List<Object> items) throws Reject {
        if (items.size() % 2 != 0) {
            throw Reject.corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(PyValues.key(items.get(i)), items.get(i + 1));
        }
    }

    // ---- byte reading ----

    private void need(long n) throws Reject {
        if (n < 0 || n > end - pos) {
            throw Reject.corrupt("a length of " + n + " bytes exceeds the " + (end - pos) + " bytes left");
        }
    }

    private int checkLength(long n) throws Reject {
        need(n);
        return (int) n;
    }

    private int u8() throws Reject {
        need(1);
        return buf[pos++] & 0xff;
    }

    private int u16() throws Reject {
        need(2);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    private int i32() throws Reject {
        need(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | buf[pos + 3] << 24;
        pos += 4;
        return v;
    }

    private long u32() throws Reject {
        return i32() & 0xffffffffL;
    }

    private long i64() throws Reject {
        long lo = u32();
        long hi = i32();
        return hi << 32 | lo;
    }

    private byte[] bytes(int n) throws Reject {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    private Object bigInt(long n) throws Reject {
        if (n < 0) {
            throw Reject.corrupt("negative integer length " + n);
        }
        if (n > MAX_INT_BYTES) {
            need(n);
            throw Reject.corrupt("integer of " + n + " bytes is too large");
        }
        byte[] le = bytes((int) n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String utf8(long n) throws Reject {
        int len = checkLength(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw Reject.corrupt("invalid UTF-8 in a pickled string");
        }
    }

    private String latin1(long n) throws Reject {
        int len = checkLength(n);
        String s = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
        pos += len;
        return s;
    }

    /** A GLOBAL argument: ASCII up to a newline, at most {@link #MAX_LINE} bytes. */
    private String line() throws Reject {
        int start = pos;
        int limit = Math.min(end, start + MAX_LINE);
        for (int i = start; i < limit; i++) {
            int c = buf[i] & 0xff;
            if (c == '\n') {
                pos = i + 1;
                return new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c < 0x20 || c > 0x7e) {
                break;
            }
        }
        throw Reject.corrupt("malformed GLOBAL name");
    }
}
