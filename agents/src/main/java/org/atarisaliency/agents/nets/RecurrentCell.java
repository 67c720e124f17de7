package org.atarisaliency.agents.nets;

import java.util.List;

/** The recurrent cell of an actor-critic network, in PyTorch's conventions. */
public enum RecurrentCell {
    /** torch.nn.GRUCell: gates r, z, n; state h. */
    GRU(3, List.of("h")),
    /** torch.nn.LSTMCell: gates i, f, g, o; state h and c. */
    LSTM(4, List.of("h", "c"));

    private final int gates;
    private final List<String> stateNames;

    RecurrentCell(int gates, List<String> stateNames) {
        this.gates = gates;
        this.stateNames = stateNames;
    }

    /** Gate blocks stacked in weight_ih / weight_hh (3 for GRU, 4 for LSTM). */
    public int gates() {
        return gates;
    }

    /** State part names. */
    public List<String> stateNames() {
        return stateNames;
    }

    /** The state-dict prefix PyTorch models use for this cell ("gru" or "lstm"). */
    public String prefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
