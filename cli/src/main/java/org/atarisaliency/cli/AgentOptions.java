package org.atarisaliency.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --agent FILE}: the agent checkpoint (its description per command in Options.properties). */
public final class AgentOptions {
    @Option(names = "--agent", required = true, paramLabel = "FILE", descriptionKey = "agent", description = "Agent checkpoint.")
    Path agent;
}
