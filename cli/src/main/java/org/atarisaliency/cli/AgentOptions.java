package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.pipelines.BundledAgents;
import picocli.CommandLine.Option;

/**
 * {@code --agent FILE|NAME}: an agent checkpoint, or the name of a bundled agent
 * ({@code atari-saliency agents}); commands that play a game default to its bundled agent
 * (descriptions per command in Options.properties).
 */
public final class AgentOptions {
    @Option(names = "--agent", paramLabel = "FILE", descriptionKey = "agent", description = "Agent checkpoint.")
    String agent;

    /** The agent file; without {@code --agent}, the bundled agent of {@code gameId} (null: none). */
    Path file(String gameId) throws IOException {
        return BundledAgents.resolve(agent, gameId);
    }

    /** Refuses {@code --memory-scale}, when given, for an agent that carries nothing between steps (no recurrent state, no frame stack). */
    static void refuseMemoryScaleWithoutMemory(picocli.CommandLine.Model.CommandSpec command, Path file) throws IOException {
        if (UnappliedOptions.given(command, "--memory-scale")) {
            try (Policy p = Agents.loadPolicy(file, -1)) {
                if (p.stateNames().isEmpty()) {
                    UnappliedOptions.refuse(command, "to " + p.describe() + ": it has no memory (no recurrent state or frame stack) to scale",
                            "--memory-scale");
                }
            }
        }
    }
}
