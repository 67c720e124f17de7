package org.atarisaliency.saliency;

import org.atarisaliency.saliency.internal.Perturbations;

/**
 * The input-relative view of perturbation saliency: each score divided by the size of the input
 * change its mask made, so that what the frame alone explains is taken out.
 *
 * <p>A blur perturbation changes the input only where the frame has structure, and by how much
 * depends on the frame: a long high-contrast edge (Pong's walls) changes a lot, a flat field not
 * at all. Any network whose output moves with the size of its input change, trained or random,
 * therefore scores those places high. The <b>input-change map</b> {@code C_k = sum_i (I'_i - I_i)^2}
 * (over pixels and channels, for mask k) depends on the frame, the blur and the masks only. For a
 * small change the score is quadratic in it (0.5 |J delta|^2 for the actor), so
 * {@code S_k / C_k} is the network's gain along the direction of that change: it is large where
 * the network is more sensitive than the change's size predicts. To keep the fringe of the support
 * (where C is tiny and both are noise) from dominating, the divisor is floored at
 * {@value #SUPPORT_FRACTION} of the frame's largest change: {@code S_k / max(C_k, f * max C)}.
 * Units: score per unit of squared input change.
 */
public final class InputRelative {
    /** The divisor's floor, and the support's edge, as a fraction of the largest input change of the frame. */
    public static final double SUPPORT_FRACTION = 0.01;

    private InputRelative() {
    }

    /**
     * The input-change map of a frame on the score grid: for each mask, the squared size of the change
     * it makes, sum_i (I'_i - I_i)^2 over all pixels and channels (for occlude: sum (M_i (B_i - I_i))^2).
     * It depends on the frame, the blur and the masks, not on the network: where it is zero, every
     * network's map is zero too.
     */
    public static float[] inputChange(SaliencyRequest r, SaliencyMap map) {
        int size = map.inputSize(), plane = size * size;
        MaskBank bank = MaskBank.of(r.stride(), r.radius(), size);
        boolean searchlight = r.mode() == PerturbationMode.SEARCHLIGHT;
        float[] in = map.input(), bl = map.blurred();
        float[] out = new float[bank.count()];
        for (int k = 0; k < out.length; k++) {
            double[] mask = bank.maskCopy(k);
            double s = 0;
            for (int i = 0; i < in.length; i++) {
                double d = Perturbations.perturb(in[i], bl[i], mask[i % plane], searchlight) - in[i];
                s += d * d;
            }
            out[k] = (float) s;
        }
        return out;
    }

    /** The input-relative maps of {@code map} (actor, critic and chosen-action grids divided; the rest, the absolute TV and |dV| maps too, as is). */
    public static SaliencyMap of(SaliencyRequest r, SaliencyMap map) {
        return of(map, inputChange(r, map));
    }

    /** The input-relative maps given the frame's input-change map {@code change} (one value per grid point). */
    public static SaliencyMap of(SaliencyMap map, float[] change) {
        double max = 0;
        for (float v : change) {
            max = Math.max(max, v);
        }
        double floor = SUPPORT_FRACTION * max;
        return new SaliencyMap(map.grid(), divide(map.actor(), change, floor), divide(map.critic(), change, floor),
                divide(map.chosen(), change, floor), map.action(), map.output(), map.input(), map.blurred(), map.inputSize(), map.actorTv(),
                map.criticDv());
    }

    private static float[] divide(float[] scores, float[] change, double floor) {
        float[] out = new float[scores.length];
        for (int k = 0; k < out.length; k++) {
            double d = Math.max(change[k], floor);
            out[k] = d > 0 ? (float) (scores[k] / d) : 0f;
        }
        return out;
    }
}
