package org.atarisaliency.agents;

/** Checks on arrays of numbers read from files. */
public final class Floats {
    private Floats() {
    }

    /** The index of the first NaN or infinite value in {@code a}, or -1 when all are finite. */
    public static int firstNonFinite(float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                return i;
            }
        }
        return -1;
    }
}
