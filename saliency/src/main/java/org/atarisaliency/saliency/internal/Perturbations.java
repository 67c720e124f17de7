package org.atarisaliency.saliency.internal;

/** The perturbed value of one pixel, exactly as the reference writes it (in double, then float). */
public final class Perturbations {
    private Perturbations() {
    }

    /** occlude: I*(1-M) + B*M; searchlight: I*M + B*(1-M). */
    public static float perturb(float image, float blurred, double mask, boolean searchlight) {
        return searchlight ? (float) (image * mask + blurred * (1 - mask)) : (float) (image * (1 - mask) + blurred * mask);
    }
}
