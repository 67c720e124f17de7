package org.atarisaliency.agents.checkpoint;

import java.nio.ByteBuffer;

/** The torch {@code *Storage} classes this reader accepts, with their element size and decoding. */
enum StorageType {
    FLOAT("FloatStorage", "float32", 4),
    DOUBLE("DoubleStorage", "float64", 8),
    HALF("HalfStorage", "float16", 2),
    BFLOAT16("BFloat16Storage", "bfloat16", 2),
    LONG("LongStorage", "int64", 8),
    INT("IntStorage", "int32", 4),
    SHORT("ShortStorage", "int16", 2),
    CHAR("CharStorage", "int8", 1),
    BYTE("ByteStorage", "uint8", 1),
    BOOL("BoolStorage", "bool", 1);

    final String className;
    final String dtype;
    final int elementSize;

    StorageType(String className, String dtype, int elementSize) {
        this.className = className;
        this.dtype = dtype;
        this.elementSize = elementSize;
    }

    /** The type for a torch class name such as "FloatStorage", or null. */
    static StorageType forClassName(String name) {
        for (StorageType t : values()) {
            if (t.className.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Decodes element {@code index} of {@code data} (whose byte order is already set) as a float. */
    float get(ByteBuffer data, int index) {
        int at = index * elementSize;
        return switch (this) {
            case FLOAT -> data.getFloat(at);
            case DOUBLE -> (float) data.getDouble(at);
            case HALF -> halfToFloat(data.getShort(at));
            case BFLOAT16 -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
            case LONG -> (float) data.getLong(at);
            case INT -> (float) data.getInt(at);
            case SHORT -> data.getShort(at);
            case CHAR -> data.get(at);
            case BYTE -> data.get(at) & 0xff;
            case BOOL -> data.get(at) != 0 ? 1f : 0f;
        };
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        boolean negative = (bits & 0x8000) != 0;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        float v;
        if (exponent == 0) {
            v = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            v = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return negative ? -v : v;
    }
}
