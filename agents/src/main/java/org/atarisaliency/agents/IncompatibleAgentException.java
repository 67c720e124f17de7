package org.atarisaliency.agents;

/** The agent does not fit the game or the tool (e.g. its action count differs from the game's). */
public class IncompatibleAgentException extends RuntimeException {
    public IncompatibleAgentException(String message) {
        super(message);
    }
}
