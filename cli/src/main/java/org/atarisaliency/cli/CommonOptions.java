package org.atarisaliency.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
public final class CommonOptions {
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces on errors.")
    boolean debug;
}
