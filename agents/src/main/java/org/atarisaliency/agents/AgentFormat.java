package org.atarisaliency.agents;

import java.util.List;
import org.atarisaliency.agents.checkpoint.CheckpointException;

/**
 * One file format of agents: how to recognise it and how to load it into a {@link Policy}. One
 * implementation per format, in the format's own package, listed (one line each, in detection order)
 * in {@code META-INF/services/org.atarisaliency.agents.AgentFormat} and found by {@link AgentFormats}.
 */
public interface AgentFormat {
    /** The arch hints that name this format ({@code rl4j}; CleanRL's {@code cleanrl-dqn}, ...). */
    List<String> hints();

    /** What a file of this format is, for messages ("a Stable-Baselines3 zip"). */
    String description();

    /** Whether this format takes any file the others did not (tried last; at most one format). */
    default boolean fallback() {
        return false;
    }

    /** Whether the file has this format (a fallback is not asked). */
    boolean detects(AgentFile file) throws CheckpointException;

    /**
     * Loads the file, already recognised as this format.
     *
     * @param hint  "auto" or one of {@link #hints()}
     */
    Policy load(AgentFile file, String hint) throws CheckpointException;
}
