package org.atarisaliency.agents.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor read from a checkpoint, converted to float32, row-major contiguous.
 *
 * @param dtype  the dtype stored in the file, e.g. "float32", "float64", "float16", "int64"
 * @param shape  the size of each dimension (empty for a scalar)
 * @param values the elements in row-major order; its length is the product of {@code shape}
 */
public record TensorData(String dtype, long[] shape, float[] values) {

    /** Checks that {@code values} has exactly as many elements as {@code shape} describes. */
    public TensorData {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + values.length);
        }
    }

    /** A float32 tensor over {@code values} (not copied), row-major with the given shape. */
    public static TensorData float32(float[] values, long... shape) {
        return new TensorData("float32", shape.clone(), values);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements (product of the shape). */
    public long numel() {
        return values.length;
    }

    /** Size of dimension {@code i} (negative {@code i} counts from the end, as in PyTorch). */
    public int dim(int i) {
        int k = i < 0 ? shape.length + i : i;
        if (k < 0 || k >= shape.length) {
            throw new IndexOutOfBoundsException("dimension " + i + " out of range for rank " + shape.length);
        }
        return Math.toIntExact(shape[k]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && dtype.equals(t.dtype) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TensorData[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
