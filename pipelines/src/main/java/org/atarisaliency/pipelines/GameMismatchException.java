package org.atarisaliency.pipelines;

import org.atarisaliency.agents.IncompatibleAgentException;

/**
 * A game id that is not how the agent was trained (e.g. an SB3 agent on {@code Pong-v4}): names the
 * id given, why it does not fit, and the id to use. The message names the game by its setting key
 * ("game"); the command line names it by its flag ({@link #message(String)}).
 */
public class GameMismatchException extends IncompatibleAgentException {
    private final String given;
    private final String reason;
    private final String use;

    /**
     * @param given   the game id given
     * @param reason  why it does not fit, as it reads after "GIVEN is not how this agent was trained: "
     * @param use     the id to use instead
     */
    public GameMismatchException(String given, String reason, String use) {
        super(text("game", given, reason, use));
        this.given = given;
        this.reason = reason;
        this.use = use;
    }

    /** The one line with the game setting spelt {@code setting} (e.g. "--game"). */
    public String message(String setting) {
        return text(setting, given, reason, use);
    }

    /** The id to use instead. */
    public String use() {
        return use;
    }

    private static String text(String setting, String given, String reason, String use) {
        return setting + " " + given + " is not how this agent was trained: " + reason + "; use " + setting + " " + use;
    }
}
