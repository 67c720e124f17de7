package org.atarisaliency.agents.checkpoint;

import java.util.Map;

/**
 * Whether weights are finite: a diverged training run leaves NaN or infinite values, and a network
 * with one of them plays a meaningless (often constant) policy without any other sign. Every agent
 * reader refuses such weights with a message naming the file and the tensor.
 */
public final class FiniteValues {

    private FiniteValues() {
    }

    /** The index of the first NaN or infinite value, or -1 when all are finite. */
    public static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Throws unless every value of tensor {@code tensor} read from {@code source} is finite.
     *
     * @throws CheckpointException "SOURCE: tensor 'NAME' holds NaN (element I of N); ..."
     */
    public static void requireFinite(String source, String tensor, float[] values) throws CheckpointException {
        int i = firstNonFinite(values);
        if (i >= 0) {
            throw new CheckpointException(source + ": tensor '" + tensor + "' holds " + values[i] + " (element " + i + " of " + values.length
                    + "); weights that are not finite come from a diverged training run: use an earlier checkpoint");
        }
    }

    /** Throws unless every tensor of {@code dict} is finite (the first offending one named). */
    public static void requireFinite(StateDict dict) throws CheckpointException {
        for (Map.Entry<String, TensorData> e : dict.asMap().entrySet()) {
            requireFinite(dict.source(), e.getKey(), e.getValue().values());
        }
    }
}
