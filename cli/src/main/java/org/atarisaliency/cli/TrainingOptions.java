package org.atarisaliency.cli;

import java.util.Locale;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import picocli.CommandLine.Option;

/** The options of a training run that {@code train} and {@code imitate} share. */
public final class TrainingOptions {
    @Option(names = "--arch", defaultValue = "gru", paramLabel = "gru|lstm", description = "Recurrent cell (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--frames", paramLabel = "N[k|M]",
            description = "Agent steps to play over all environments, e.g. 500k or 10M (default: 10M for train, 3M for imitate).")
    String frames;

    @Option(names = "--envs", defaultValue = "16", description = "Parallel environments (default: ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--steps", defaultValue = "20", description = "Steps per environment per update (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    /** The recurrent cell named by --arch. */
    RecurrentCell cell() {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "gru" -> RecurrentCell.GRU;
            case "lstm" -> RecurrentCell.LSTM;
            default -> throw new IllegalArgumentException("unknown --arch '" + arch + "'; use gru or lstm");
        };
    }

    /** The defaults with --lr and the given entropy weight. */
    A2cConfig config(double entropy) {
        return A2cConfig.defaults().with(lr, entropy);
    }

    /** --frames as a count ("10M", "500k", "2e6", "1000"), or {@code fallback} when not given. */
    long budget(String fallback) {
        String given = frames == null ? fallback : frames;
        String t = given.trim().toLowerCase(Locale.ROOT).replace("_", "");
        double mult = t.endsWith("m") ? 1e6 : t.endsWith("k") ? 1e3 : 1;
        try {
            double v = Double.parseDouble(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
            if (!(v >= 1) || v > 1e12 || v != Math.rint(v)) {
                throw new NumberFormatException();
            }
            return (long) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--frames must be a whole count like 500k, 10M or 2000000, got '" + given + "'");
        }
    }
}
