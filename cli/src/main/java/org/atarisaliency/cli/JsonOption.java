package org.atarisaliency.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: one JSON object (or array) on stdout instead of the text, progress and errors on
 * stderr, so a script or notebook reads stdout as it is. What the object holds is the command's
 * (Options.properties gives a command's own help text under {@code COMMAND.json}).
 */
public final class JsonOption {
    @Option(names = "--json", descriptionKey = "json",
            description = "Print one JSON object on stdout instead of the text; progress stays on stderr.")
    boolean on;
}
