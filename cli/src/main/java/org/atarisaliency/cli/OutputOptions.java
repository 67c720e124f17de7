package org.atarisaliency.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out DIR}: the folder a command writes. */
public final class OutputOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", descriptionKey = "out", description = "Output folder.")
    Path out;
}
