package org.atarisaliency.saliency.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.env.FramePreprocessor;
import org.atarisaliency.saliency.MaskBank;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Input-shift invariance (Kindermans et al. 2017, "The (Un)reliability of Saliency Methods"): a
 * second model sees I + c and computes the same function of the frame as the trained one, so a
 * saliency method that explains the function must give the same map. Two such models are
 * compared with the trained network on I:
 *
 * <ul>
 * <li><b>bias</b> (Kindermans et al.'s construction): conv1's bias lowered by {@code c * sum(W)}
 * over each output channel's 3x3xC weights, so that conv1's pre-activations on I + c equal the
 * original's on I. This is exact wherever all 9 taps of a conv1 window lie inside the image. conv1
 * has padding 1, so the windows of its first output row and first output column (input rows or
 * columns -1..1; 3x3 stride 2 over 80 pixels never reaches past the last row or column) include
 * zero padding, which is not shifted: there the pre-activation differs by the constant
 * {@code -c * sum(W over the padded taps)}, the same for every perturbation. The two networks
 * therefore differ at those border units, and that changes the outputs, and the maps, everywhere
 * by as much as the network is sensitive to its border units (for the shared agents this is not
 * small; see the report).</li>
 * <li><b>function</b>: the trained network applied to (I + c) - c, which is the same function
 * exactly (up to float rounding); this isolates the saliency method itself: its maps depend only on
 * the model's outputs on the perturbed frames, and the perturbations commute with the shift
 * because the blur B is a normalised Gaussian with 'reflect' boundaries, so blur(I + c) = B + c
 * and I'(1-M) + (B + c)M is the perturbed original plus c. Runs on the batched path.</li>
 * </ul>
 *
 * <p>For each we report the largest map difference relative to the original map's maximum, over all
 * grid points and over the <i>interior</i> (grid points whose mask is zero on input rows and
 * columns 0..1, the pixels that padded conv1 windows read), Spearman on the score grids, and how
 * much the unperturbed outputs moved.
 */
public final class ShiftInvariance {

    /**
     * One model against the trained network over the frames.
     *
     * @param actorMaxRelativeDiff        max over frames of max|a - a_c| / max|a| over all grid points (actor)
     * @param criticMaxRelativeDiff       the same for the critic
     * @param actorInteriorRelativeDiff   the same over interior grid points only (actor)
     * @param criticInteriorRelativeDiff  the same (critic)
     * @param actorSpearman               mean over frames of Spearman(a, a_c) on the score grids
     * @param criticSpearman              the same for the critic
     * @param logitMaxAbsDiff             max over frames of the largest difference of the unperturbed logits
     * @param valueMaxAbsDiff             max over frames of the difference of the unperturbed values
     * @param sameAction                  frames where the greedy action is the same
     */
    public record Comparison(double actorMaxRelativeDiff, double criticMaxRelativeDiff, double actorInteriorRelativeDiff,
                             double criticInteriorRelativeDiff, double actorSpearman, double criticSpearman, double logitMaxAbsDiff,
                             double valueMaxAbsDiff, int sameAction) {
    }

    /**
     * Results for one shift.
     *
     * @param shift     c
     * @param frames    frames compared
     * @param bias      the shift absorbed into conv1's bias
     * @param function  the trained network on (I + c) - c
     */
    public record Result(double shift, int frames, Comparison bias, Comparison function) {
    }

    /** The default shifts. */
    public static final double[] DEFAULT_SHIFTS = {0.1, -0.1};

    private ShiftInvariance() {
    }

    /** A copy of the weights with conv1's bias lowered by c * sum(conv1 weights) per output channel. */
    public static ActorCriticWeights absorbShift(ActorCriticWeights w, double c) {
        float[][] convB = new float[ActorCriticWeights.CONV_LAYERS][];
        float[][] convW = new float[ActorCriticWeights.CONV_LAYERS][];
        for (int l = 0; l < convB.length; l++) {
            convB[l] = w.convBias()[l].clone();
            convW[l] = w.convWeight()[l].clone();
        }
        int out = w.convChannels()[1], per = w.convChannels()[0] * 9;
        for (int o = 0; o < out; o++) {
            double s = 0;
            for (int k = 0; k < per; k++) {
                s += w.convWeight()[0][o * per + k];
            }
            convB[0][o] = (float) (w.convBias()[0][o] - c * s);
        }
        return new ActorCriticWeights(w.cell(), w.inputChannels(), w.inputSize(), w.hidden(), w.actions(), w.convChannels().clone(),
                convW, convB, w.weightIh().clone(), w.biasIh().clone(), w.weightHh().clone(), w.biasHh().clone(),
                w.criticWeight().clone(), w.criticBias(), w.actorWeight().clone(), w.actorBias().clone());
    }

    /** I + c. */
    public static float[] shift(float[] input, double c) {
        float[] out = new float[input.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (input[i] + c);
        }
        return out;
    }

    /** For each grid point: whether its mask is zero on the input rows and columns 0..1 that padded conv1 windows read. */
    public static boolean[] interior(MaskBank bank) {
        boolean[] out = new boolean[bank.count()];
        int s = bank.size();
        for (int k = 0; k < out.length; k++) {
            double[] m = bank.maskCopy(k);
            boolean in = true;
            for (int a = 0; a < 2 && in; a++) {
                for (int b = 0; b < s; b++) {
                    if (m[a * s + b] != 0 || m[b * s + a] != 0) {
                        in = false;
                        break;
                    }
                }
            }
            out[k] = in;
        }
        return out;
    }

    /** Runs the check for each shift, computing the original maps first. */
    public static List<Result> run(ActorCriticPolicy policy, List<SaliencyRequest> frames, double[] shifts, Consumer<String> progress)
            throws InterruptedException {
        List<SaliencyMap> originals = SanityChecks.maps(policy, frames,
                i -> progress.accept("shift invariance: original, frame " + i + "/" + frames.size()));
        return run(policy, frames, originals, shifts, progress);
    }

    /** Runs the check for each shift against the given original maps of the frames. */
    public static List<Result> run(ActorCriticPolicy policy, List<SaliencyRequest> frames, List<SaliencyMap> originals, double[] shifts,
                                   Consumer<String> progress) throws InterruptedException {
        if (originals.size() != frames.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + originals.size() + " maps");
        }
        List<Result> out = new ArrayList<>();
        for (double c : shifts) {
            Comparison bias, function;
            try (ActorCriticPolicy p = new ActorCriticPolicy(absorbShift(policy.weights(), c), "conv1 bias absorbs " + c)) {
                bias = compare(p, frames, originals, c, "bias", progress);
            }
            function = compare(new InputShiftedPolicy(policy, c), frames, originals, c, "function", progress);
            out.add(new Result(c, frames.size(), bias, function));
        }
        return out;
    }

    private static Comparison compare(Policy p, List<SaliencyRequest> frames, List<SaliencyMap> originals, double c, String what,
                                      Consumer<String> progress) throws InterruptedException {
        int n = frames.size();
        double ar = 0, cr = 0, ai = 0, ci = 0, as = 0, cs = 0, dl = 0, dv = 0;
        int same = 0;
        try (PerturbationSaliency engine = new PerturbationSaliency(p)) {
            for (int i = 0; i < n; i++) {
                progress.accept("shift invariance: c=" + c + " (" + what + "), frame " + (i + 1) + "/" + n);
                SaliencyRequest r = frames.get(i);
                SaliencyRequest shifted = new SaliencyRequest(shift(r.input(), c), r.state(), r.stride(), r.radius(), r.blurSigma(),
                        r.mode(), r.batch());
                SaliencyMap m = engine.compute(shifted);
                SaliencyMap o = originals.get(i);
                boolean[] inner = interior(MaskBank.of(r.stride(), r.radius(), o.inputSize()));
                ar = Math.max(ar, relativeDiff(o.actor(), m.actor(), null));
                cr = Math.max(cr, relativeDiff(o.critic(), m.critic(), null));
                ai = Math.max(ai, relativeDiff(o.actor(), m.actor(), inner));
                ci = Math.max(ci, relativeDiff(o.critic(), m.critic(), inner));
                as += MapSimilarity.spearman(o.actor(), m.actor()) / n;
                cs += MapSimilarity.spearman(o.critic(), m.critic()) / n;
                for (int a = 0; a < o.output().actions(); a++) {
                    dl = Math.max(dl, Math.abs(o.output().logits()[a] - m.output().logits()[a]));
                }
                dv = Math.max(dv, Math.abs(o.output().values()[0] - m.output().values()[0]));
                same += o.action() == m.action() ? 1 : 0;
            }
        }
        return new Comparison(ar, cr, ai, ci, as, cs, dl, dv, same);
    }

    /** max|a - b| over the grid points where {@code only} is true (all if null), divided by max|a| over all. */
    static double relativeDiff(float[] a, float[] b, boolean[] only) {
        double max = 0, diff = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(a[k]));
            if (only == null || only[k]) {
                diff = Math.max(diff, Math.abs(a[k] - b[k]));
            }
        }
        return max > 0 ? diff / max : diff;
    }

    /** A policy that subtracts c from its input and runs another (which it does not close). */
    static final class InputShiftedPolicy implements Policy {
        private final Policy inner;
        private final float c;

        InputShiftedPolicy(Policy inner, double c) {
            this.inner = inner;
            this.c = (float) c;
        }

        @Override
        public FramePreprocessor preprocessor() {
            return inner.preprocessor();
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int inputChannels() {
            return inner.inputChannels();
        }

        @Override
        public int actionCount() {
            return inner.actionCount();
        }

        @Override
        public List<String> stateNames() {
            return inner.stateNames();
        }

        @Override
        public int stateSize() {
            return inner.stateSize();
        }

        @Override
        public List<Integer> stateSizes() {
            return inner.stateSizes();
        }

        @Override
        public boolean memoryResetsOnLifeLoss() {
            return inner.memoryResetsOnLifeLoss();
        }

        @Override
        public String describe() {
            return inner.describe() + " on input - " + c;
        }

        @Override
        public PolicyOutput forward(float[] observations, RecurrentState state) {
            float[] x = new float[observations.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = observations[i] - c;
            }
            return inner.forward(x, state);
        }

        @Override
        public void close() {
        }
    }
}
