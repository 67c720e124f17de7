package org.atarisaliency.cli;

import picocli.CommandLine.Option;

/** {@code --checkpoint-minutes M --resume}: how often a training run ({@code train}, {@code imitate}) saves for resuming, and whether it continues. */
public final class ResumeOptions {
    @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "Save for resuming at least this often (default: ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--resume", description = "Continue the run in DIR from its last save (same settings).")
    boolean resume;

    /** The interval between saves, in seconds. */
    double checkpointSeconds() {
        return checkpointMinutes * 60;
    }
}
