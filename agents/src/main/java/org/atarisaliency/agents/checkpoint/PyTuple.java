package org.atarisaliency.agents.checkpoint;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** An immutable Python tuple produced by the pickle machine (may hold nulls for None). */
record PyTuple(List<Object> items) {

    static final PyTuple EMPTY = new PyTuple(List.of());

    static PyTuple of(Object... items) {
        return new PyTuple(Collections.unmodifiableList(Arrays.asList(items.clone())));
    }

    int size() {
        return items.size();
    }

    Object get(int i) {
        return items.get(i);
    }
}
