package org.atarisaliency.cli;

import org.atarisaliency.pipelines.Perturbation;
import picocli.CommandLine.Option;

/** {@code --stride d --radius r}: the perturbation grid and mask (blur 3, occlude unless a command offers more). */
public final class SaliencyOptions {
    @Option(names = "--stride", defaultValue = "5", descriptionKey = "stride", description = "Saliency grid spacing d (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", descriptionKey = "radius", description = "Saliency mask radius r (default: ${DEFAULT-VALUE}).")
    double radius;

    /** The paper's blur and mode with these stride and radius. */
    Perturbation perturbation() {
        return Perturbation.of(stride, radius);
    }
}
