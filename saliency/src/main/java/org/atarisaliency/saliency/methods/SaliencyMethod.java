package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;

/**
 * One saliency method: the maps it draws of a frame at the policy's input resolution, each named and
 * paired with the policy output whose change it explains. One class per method, registered by one
 * line in {@link SaliencyMethods}.
 */
public interface SaliencyMethod {
    /** One map of a method: its name (a column of interventions.csv) and the output it explains ("actor", "critic", "chosen"). */
    record Output(String map, String explains) {
    }

    /** The method's name ("perturbation", "jacobian", ...). */
    String name();

    /** The maps it draws, in the order they are written. */
    List<Output> outputs();

    /** Whether it needs the policy's input gradients (a one-channel A3C network); skipped otherwise. */
    default boolean needsGradients() {
        return false;
    }

    /** Draws this method's maps of one frame into {@code out}, keyed by {@link Output#map()}. */
    void draw(MethodInputs in, Map<String, float[]> out) throws InterruptedException;
}
