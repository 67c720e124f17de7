package org.atarisaliency.agents.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Ordered map name -> tensor, in the checkpoint's order. */
public final class StateDict {
    private static final int LISTED_NAMES = 30;

    private final String source;
    private final Map<String, TensorData> tensors;

    /**
     * Creates a state dict.
     *
     * @param source  where the tensors came from (usually the file name), used in error messages
     * @param tensors the tensors; iteration order is kept
     */
    public StateDict(String source, Map<String, TensorData> tensors) {
        this.source = Objects.requireNonNull(source, "source");
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor names, in checkpoint order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws CheckpointException if there is none; the message lists the available names
     */
    public TensorData get(String name) throws CheckpointException {
        TensorData t = tensors.get(name);
        if (t == null) {
            String listed = tensors.keySet().stream().limit(LISTED_NAMES).collect(Collectors.joining(", "));
            String more = tensors.size() > LISTED_NAMES ? ", ... (" + tensors.size() + " in all)" : "";
            throw new CheckpointException(source + ": no tensor named '" + name + "'; available: "
                    + (tensors.isEmpty() ? "(none)" : listed + more)
                    + "; check that the checkpoint matches the network architecture");
        }
        return t;
    }

    /** Whether a tensor called {@code name} exists. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    /** Unmodifiable view of all tensors, in checkpoint order. */
    public Map<String, TensorData> asMap() {
        return tensors;
    }

    /** Where the tensors came from, as given to the constructor. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "StateDict[" + source + ", " + tensors.size() + " tensors]";
    }
}
