package org.atarisaliency.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Options given on the command line that the run would not apply are refused, never ignored: a
 * setting a run records is one it applied (README, "Provenance").
 */
final class UnappliedOptions {
    private UnappliedOptions() {
    }

    /** Whether {@code option} (its long name) was given on {@code command}'s command line, not defaulted. */
    static boolean given(CommandSpec command, String option) {
        return command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Refuses the first of {@code options} given on {@code command}'s command line: "OPTION is not applied
     * WHY; leave it out".
     */
    static void refuse(CommandSpec command, String why, String... options) {
        for (String o : options) {
            if (given(command, o)) {
                throw new IllegalArgumentException(o + " is not applied " + why + "; leave it out");
            }
        }
    }
}
