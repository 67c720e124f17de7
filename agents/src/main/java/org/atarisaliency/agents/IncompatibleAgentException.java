package org.atarisaliency.agents;

/** The agent does not fit the game or the tool (e.g. its action count differs from the game's). */
public class IncompatibleAgentException extends RuntimeException {
    public IncompatibleAgentException(String message) {
        super(message);
    }

    /** The agent in {@code file} has {@code actions} actions where the game has {@code expected}. */
    public static IncompatibleAgentException actionCount(String file, int actions, int expected) {
        return new IncompatibleAgentException(file + " has " + actions + " actions but the game has "
                + expected + "; pass the game this agent was trained on");
    }
}
