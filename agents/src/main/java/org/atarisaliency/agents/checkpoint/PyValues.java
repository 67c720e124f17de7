package org.atarisaliency.agents.checkpoint;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Helpers for values produced by the pickle machine: dict-key checks and short descriptions. */
final class PyValues {
    private PyValues() {
    }

    /** Only immutable scalar keys (and flat tuples of them): their hashCode cannot recurse. */
    static Object key(Object k) throws PickleMachine.Reject {
        if (isScalar(k)) {
            return k;
        }
        if (k instanceof PyTuple t) {
            for (Object item : t.items()) {
                if (!isScalar(item)) {
                    throw PickleMachine.Reject.corrupt("unsupported dict key: tuple holding " + describe(item));
                }
            }
            return k;
        }
        throw PickleMachine.Reject.corrupt("unsupported dict key " + describe(k));
    }

    private static boolean isScalar(Object o) {
        return o == null || o instanceof String || o instanceof Long || o instanceof BigInteger
                || o instanceof Double || o instanceof Boolean;
    }

    /** A short, one-line description of a pickled value for error messages. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            return "'" + printable(s) + "'";
        }
        if (o instanceof Long || o instanceof Boolean || o instanceof Double) {
            return o.toString();
        }
        if (o instanceof PyTuple t) {
            return "a tuple of " + t.size();
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size();
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size();
        }
        if (o instanceof BigInteger) {
            return "a huge integer";
        }
        if (o instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        return o.toString();
    }

    /** At most 60 characters, non-printable characters escaped. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= 60) {
                return sb + "...";
            }
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }
}
