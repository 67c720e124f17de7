package org.atarisaliency.saliency;

/**
 * Gradient (Jacobian) saliency of one frame, per input pixel (row-major, {@code size x size}). See
 * {@link JacobianSaliency} for the definitions.
 *
 * @param size       side of the input (80)
 * @param chosen     |dL_a/dI| for the explained action a
 * @param allLogits  0.5 * sum_b (dL_b/dI)^2 over all actions b: the first-order term of the
 *                   perturbation actor score 0.5 * sum_b (L_b(I) - L_b(I'))^2 for a unit change of the pixel
 * @param critic     |dV/dI|
 * @param action     the explained action a (the greedy action of the unperturbed step unless one was given)
 */
public record JacobianMap(int size, float[] chosen, float[] allLogits, float[] critic, int action) {

    public JacobianMap {
        int n = size * size;
        if (chosen.length != n || allLogits.length != n || critic.length != n) {
            throw new IllegalArgumentException("maps must have " + size + "x" + size + " values, got "
                    + chosen.length + ", " + allLogits.length + ", " + critic.length);
        }
    }
}
