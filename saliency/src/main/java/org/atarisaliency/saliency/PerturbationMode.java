package org.atarisaliency.saliency;

import java.util.Locale;

/** How a mask perturbs the input I, with B the blurred input and M the mask. */
public enum PerturbationMode {
    /** I' = I*(1-M) + B*M: blur the masked region (the paper's default). */
    OCCLUDE,
    /** I' = I*M + B*(1-M): blur everything except the masked region. */
    SEARCHLIGHT;

    /** Parses "occlude" or "searchlight". */
    public static PerturbationMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + s + "'; use occlude or searchlight");
        }
    }
}
