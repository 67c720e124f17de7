package org.atarisaliency.saliency.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * All checks of an A3C actor-critic on the same frames: {@link Randomization},
 * {@link ShiftInvariance} and {@link DeletionInsertion}, sharing the trained network's maps.
 */
public final class SanityChecks {

    /**
     * Everything {@link #run} measured.
     *
     * @param randomization  one entry per stage, "original" first
     * @param shift          one entry per shift
     * @param faithfulness   one entry per method, in the order given
     */
    public record Report(List<Randomization.Stage> randomization, List<ShiftInvariance.Result> shift,
                         List<DeletionInsertion.Summary> faithfulness) {
    }

    private SanityChecks() {
    }

    /** The perturbation maps of the frames under {@code policy}; {@code done} gets 1, 2, ... after each frame. */
    public static List<SaliencyMap> maps(Policy policy, List<SaliencyRequest> frames, IntConsumer done) throws InterruptedException {
        List<SaliencyMap> out = new ArrayList<>();
        try (PerturbationSaliency engine = new PerturbationSaliency(policy)) {
            for (SaliencyRequest r : frames) {
                out.add(engine.compute(r));
                done.accept(out.size());
            }
        }
        return out;
    }

    /**
     * Runs the three checks.
     *
     * @param policy    the trained agent
     * @param frames    frames and the states before them, with the saliency settings
     * @param seed      seeds the random layers and the random baseline map
     * @param shifts    input shifts c for the invariance check
     * @param methods   maps to compare in deletion/insertion (e.g. {@link DeletionInsertion#standardMethods})
     * @param steps     deletion/insertion steps
     * @param progress  receives short status lines
     */
    public static Report run(ActorCriticPolicy policy, List<SaliencyRequest> frames, long seed, double[] shifts,
                             Map<String, Function<SaliencyMap, float[]>> methods, int steps, Consumer<String> progress)
            throws InterruptedException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("need at least one frame");
        }
        List<SaliencyMap> originals = maps(policy, frames, i -> progress.accept("trained network: frame " + i + "/" + frames.size()));
        List<Randomization.Stage> rand = Randomization.run(policy.weights(), frames, originals, seed, progress);
        List<ShiftInvariance.Result> shift = ShiftInvariance.run(policy, frames, originals, shifts, progress);
        List<DeletionInsertion.Summary> di = new DeletionInsertion(policy, steps).compare(frames, originals, methods, progress);
        return new Report(rand, shift, di);
    }
}
