package org.atarisaliency.agents;

import java.util.Arrays;
import java.util.List;

/**
 * The recurrent memory of a batch of N agents, kept explicit so that one step can be re-run from a
 * stored state. Each part is a row-major [N, size] float array, its own size per part: {@code h} for a GRU,
 * {@code h} and {@code c} for an LSTM, {@code frames} for a frame stack (and both for a recurrent agent over a
 * frame stack); a feed-forward agent has no parts.
 *
 * @param batch  N
 * @param names  part names, e.g. ["h"] or ["h", "c"]
 * @param parts  one [N*size] array per name (sizes may differ between parts)
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

    /** Zeros for N agents with the given part names, every part {@code size} units. */
    public static RecurrentState zeros(int batch, List<String> names, int size) {
        return zeros(batch, names, java.util.Collections.nCopies(names.size(), size));
    }

    /** Zeros for N agents with the given part names and units per part (parts may differ in size). */
    public static RecurrentState zeros(int batch, List<String> names, List<Integer> sizes) {
        if (sizes.size() != names.size()) {
            throw new IllegalArgumentException("state has " + names.size() + " names but " + sizes.size() + " sizes");
        }
        return new RecurrentState(batch, names, sizes.stream().map(s -> new float[batch * s]).toList());
    }

    /**
     * The states of several agents (each a batch of its own, all with these part names) as one batch, in order.
     *
     * @throws IllegalArgumentException when the list is empty or the states' parts differ
     */
    public static RecurrentState concat(List<RecurrentState> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("no states to join");
        }
        RecurrentState first = states.get(0);
        int batch = 0;
        for (RecurrentState s : states) {
            if (!s.names.equals(first.names) || !s.sizes().equals(first.sizes())) {
                throw new IllegalArgumentException("cannot join a state " + s.names + " of " + s.sizes() + " units to one "
                        + first.names + " of " + first.sizes());
            }
            batch += s.batch;
        }
        List<float[]> joined = new java.util.ArrayList<>();
        for (int k = 0; k < first.parts.size(); k++) {
            float[] all = new float[batch * first.size(k)];
            int at = 0;
            for (RecurrentState s : states) {
                float[] p = s.parts.get(k);
                System.arraycopy(p, 0, all, at, p.length);
                at += p.length;
            }
            joined.add(all);
        }
        return new RecurrentState(batch, first.names, joined);
    }

    /** Units per agent in part {@code k}. */
    public int size(int k) {
        return parts.get(k).length / batch;
    }

    /** Units per agent in each part, in the order of {@link #names()}. */
    public List<Integer> sizes() {
        return java.util.stream.IntStream.range(0, parts.size()).mapToObj(this::size).toList();
    }

    /**
     * Units per agent in each part, for a state whose parts all have one size (0 when there are no parts).
     *
     * @throws IllegalStateException when the parts differ in size (use {@link #size(int)} or {@link #sizes()})
     */
    public int size() {
        if (parts.isEmpty()) {
            return 0;
        }
        int s = size(0);
        if (sizes().stream().anyMatch(x -> x != s)) {
            throw new IllegalStateException("the state's parts " + names + " differ in size " + sizes() + "; ask for one part's size");
        }
        return s;
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
        return repeatRow(i, 1);
    }

    /** Agent {@code i}'s state repeated {@code n} times. */
    public RecurrentState repeatRow(int i, int n) {
        return new RecurrentState(n, names, parts.stream().map(p -> {
            int s = p.length / batch;
            float[] out = new float[n * s];
            for (int k = 0; k < n; k++) {
                System.arraycopy(p, i * s, out, k * s, s);
            }
            return out;
        }).toList());
    }

    /** Sets agent {@code i}'s memory to zero (start of a new episode). */
    public void zeroRow(int i) {
        for (float[] p : parts) {
            int s = p.length / batch;
            Arrays.fill(p, i * s, (i + 1) * s, 0f);
        }
    }
}
