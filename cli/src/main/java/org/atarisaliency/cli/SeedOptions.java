package org.atarisaliency.cli;

import picocli.CommandLine.Option;

/** {@code --seed N}: the run's seed, from which every child seed derives (see {@code Seeds}). */
public final class SeedOptions {
    @Option(names = "--seed", defaultValue = "0", descriptionKey = "seed", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
    long seed;
}
