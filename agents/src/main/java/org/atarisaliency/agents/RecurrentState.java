package org.atarisaliency.agents;

import java.util.Arrays;
import java.util.List;

/**
 * The recurrent memory of a batch of N agents, kept explicit so that one step can be re-run from a
 * stored state. Each part is a row-major [N, size] float array: {@code h} for a GRU, {@code h} and
 * {@code c} for an LSTM; a feed-forward agent has no parts.
 *
 * @param batch  N
 * @param names  part names, e.g. ["h"] or ["h", "c"]
 * @param parts  one [N*size] array per name
 */
public record RecurrentState(int batch, List<String> names, List<float[]> parts) {

    public RecurrentState {
        names = List.copyOf(names);
        parts = List.copyOf(parts);
        if (names.size() != parts.size()) {
            throw new IllegalArgumentException("state has " + names.size() + " names but " + parts.size() + " parts");
        }
        for (float[] p : parts) {
            if (batch <= 0 || p.length % batch != 0) {
                throw new IllegalArgumentException("state part of length " + p.length + " does not split into batch " + batch);
            }
        }
    }

    /** Zeros for N agents with the given part names and size each. */
    public static RecurrentState zeros(int batch, List<String> names, int size) {
        float[][] ps = new float[names.size()][batch * size];
        return new RecurrentState(batch, names, Arrays.asList(ps));
    }

    /** Units per agent in each part (0 when there are no parts). */
    public int size() {
        return parts.isEmpty() ? 0 : parts.get(0).length / batch;
    }

    /** The part called {@code name}. */
    public float[] part(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("state has no part '" + name + "'; it has " + names);
        }
        return parts.get(i);
    }

    /** A deep copy. */
    public RecurrentState copy() {
        return new RecurrentState(batch, names, parts.stream().map(float[]::clone).toList());
    }

    /** The state of agent {@code i} alone, as a batch of one. */
    public RecurrentState row(int i) {
        int s = size();
        return new RecurrentState(1, names, parts.stream().map(p -> Arrays.copyOfRange(p, i * s, (i + 1) * s)).toList());
    }

    /** Agent {@code i}'s state repeated {@code n} times. */
    public RecurrentState repeatRow(int i, int n) {
        int s = size();
        return new RecurrentState(n, names, parts.stream().map(p -> {
            float[] out = new float[n * s];
            for (int k = 0; k < n; k++) {
                System.arraycopy(p, i * s, out, k * s, s);
            }
            return out;
        }).toList());
    }

    /** Sets agent {@code i}'s memory to zero (start of a new episode). */
    public void zeroRow(int i) {
        int s = size();
        for (float[] p : parts) {
            Arrays.fill(p, i * s, (i + 1) * s, 0f);
        }
    }
}
