package org.atarisaliency.saliency.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.agents.nets.Init;
import org.atarisaliency.saliency.InputRelative;
import org.atarisaliency.saliency.PerturbationSaliency;
import org.atarisaliency.saliency.SaliencyMap;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Cascading model-parameter randomisation (Adebayo et al. 2018, "Sanity Checks for Saliency
 * Maps"): the layers of the actor-critic are replaced by random ones from the top down,
 * cumulatively, and the maps of the same frames are compared with the trained network's. A method
 * that explains the model must give clearly different maps once the weights that produced the
 * behaviour are gone.
 *
 * <p>Stages: {@code original}; {@code heads} (actor and critic linears); the recurrent cell
 * ({@code gru} or {@code lstm}); {@code conv4}, {@code conv3}, {@code conv2}, {@code conv1}. Each
 * randomised layer is drawn from its PyTorch default initialisation ({@link Init}: uniform in
 * +-1/sqrt(fan_in) for convs and linears, +-1/sqrt(hidden_size) for the recurrent cells). Each
 * layer's random values come from its own RNG seeded by (seed, layer), so a layer has the same
 * random values at every stage that randomises it.
 *
 * <p>The frames and recurrent states are those of the trained agent's rollout: every stage
 * re-runs the same step from the same stored state (h, and c for an LSTM), even once the cell is
 * random. Similarities are computed on the maps at input resolution (the score grids upsampled to
 * 80 x 80 as {@link SaliencyMap#actorUpsampled()}) and averaged over the frames.
 *
 * <p>Why more than Adebayo et al.'s whole-map Spearman. A blur perturbation changes the input only
 * where the frame has structure (edges, objects); where the frame is flat, I' = I and every
 * network's score is zero. The maps of any two networks therefore share the ranking "structure
 * above flat background", which on sparse frames (Pong: a few objects on a uniform field) gives a
 * high whole-map rank correlation even between a trained and a random network. We therefore also
 * report the rank correlation on the support (where the input changes), which asks whether the two
 * networks rank the <i>objects</i> alike, and each map's correlation with the input-change map
 * ({@link InputRelative#inputChange}), which shows how much of a map the frame alone explains.
 *
 * <p>Each stage also compares the input-relative maps ({@link InputRelative}: the scores divided by
 * the input change) of the stage and of the trained network: the view that takes the frame's own
 * part out, tested by the same cascade.
 */
public final class Randomization {

    /**
     * How alike a stage's map is to the trained network's map of the same frame.
     *
     * @param spearman             Spearman rank correlation over the whole map (Adebayo et al.'s measure)
     * @param ssim                 SSIM ({@link MapSimilarity#ssim(float[], float[], int, int)})
     * @param supportSpearman      Spearman over the <i>support</i> only: the pixels where the perturbation changes the input
     *                             (input-change map above {@value #SUPPORT_FRACTION} of its maximum); NaN if fewer than 2
     * @param inputChangeSpearman  Spearman of this stage's map with the input-change map, the map that any network
     *                             whose output moves with the size of the input change would give
     */
    public record Similarity(double spearman, double ssim, double supportSpearman, double inputChangeSpearman) {
        static Similarity mean(List<Similarity> all) {
            double[] v = new double[4];
            for (Similarity s : all) {
                v[0] += s.spearman / all.size();
                v[1] += s.ssim / all.size();
                v[2] += s.supportSpearman / all.size();
                v[3] += s.inputChangeSpearman / all.size();
            }
            return new Similarity(v[0], v[1], v[2], v[3]);
        }
    }

    /**
     * One stage: similarities of its actor and critic maps to the trained network's (means over the
     * frames, then per frame), and of its input-relative actor and critic maps to the trained
     * network's input-relative maps (means over the frames); {@code maps} are the stage's maps of the frames.
     */
    public record Stage(String name, Similarity actor, Similarity critic, List<Similarity> actorPerFrame, List<Similarity> criticPerFrame,
                        Similarity relativeActor, Similarity relativeCritic, List<SaliencyMap> maps) {
    }

    /** The support is where the input-change map exceeds this fraction of its maximum. */
    public static final double SUPPORT_FRACTION = InputRelative.SUPPORT_FRACTION;

    private Randomization() {
    }

    /** Stage names for an agent with this cell: original, heads, gru|lstm, conv4 .. conv1. */
    public static List<String> stageNames(ActorCriticWeights w) {
        List<String> names = new ArrayList<>(List.of("original", "heads", w.cell().prefix()));
        for (int l = ActorCriticWeights.CONV_LAYERS; l >= 1; l--) {
            names.add("conv" + l);
        }
        return names;
    }

    /**
     * The weights with the top {@code stage} layers randomised (0: a copy of the original, 1: the
     * heads, 2: heads and cell, 3: ... and conv4, ..., 6: everything). All arrays are copies.
     */
    public static ActorCriticWeights randomise(ActorCriticWeights w, int stage, long seed) {
        int layers = 2 + ActorCriticWeights.CONV_LAYERS;
        if (stage < 0 || stage > layers) {
            throw new IllegalArgumentException("stage must be in 0.." + layers + ", got " + stage);
        }
        ActorCriticWeights r = Init.like(w, seed);
        ActorCriticWeights heads = stage > Init.HEADS ? r : w, cell = stage > Init.CELL ? r : w;
        float[][] convW = new float[ActorCriticWeights.CONV_LAYERS][], convB = new float[ActorCriticWeights.CONV_LAYERS][];
        for (int l = 0; l < ActorCriticWeights.CONV_LAYERS; l++) {
            // conv4 is randomised at stage 3, conv1 at stage 6
            ActorCriticWeights src = stage > Init.convGroup(l) ? r : w;
            convW[l] = src.convWeight()[l].clone();
            convB[l] = src.convBias()[l].clone();
        }
        return new ActorCriticWeights(w.cell(), w.inputChannels(), w.inputSize(), w.hidden(), w.actions(), w.convChannels().clone(),
                convW, convB, cell.weightIh().clone(), cell.biasIh().clone(), cell.weightHh().clone(), cell.biasHh().clone(),
                heads.criticWeight().clone(), heads.criticBias(), heads.actorWeight().clone(), heads.actorBias().clone());
    }

    /** Runs all stages on the frames, computing the trained network's maps first. */
    public static List<Stage> run(ActorCriticWeights w, List<SaliencyRequest> frames, long seed, Consumer<String> progress)
            throws InterruptedException {
        List<SaliencyMap> originals;
        try (ActorCriticPolicy p = new ActorCriticPolicy(w, "original")) {
            originals = SanityChecks.maps(p, frames, i -> progress.accept("randomisation: original, frame " + i + "/" + frames.size()));
        }
        return run(w, frames, originals, seed, progress);
    }

    /**
     * Runs all stages on the frames.
     *
     * @param originals  the trained network's maps of the frames (same settings)
     * @param progress   receives a short status line now and then
     */
    public static List<Stage> run(ActorCriticWeights w, List<SaliencyRequest> frames, List<SaliencyMap> originals, long seed,
                                  Consumer<String> progress) throws InterruptedException {
        if (originals.size() != frames.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + originals.size() + " maps");
        }
        List<String> names = stageNames(w);
        int n = frames.size();
        List<float[]> changeGrid = new ArrayList<>(), change = new ArrayList<>();
        List<SaliencyMap> relativeOriginals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SaliencyMap o = originals.get(i);
            changeGrid.add(InputRelative.inputChange(frames.get(i), o));
            change.add(SaliencyMap.upsample(changeGrid.get(i), o.grid(), o.inputSize()));
            relativeOriginals.add(InputRelative.of(o, changeGrid.get(i)));
        }
        List<Stage> out = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            String name = names.get(s);
            List<Similarity> as = new ArrayList<>(), cs = new ArrayList<>(), ras = new ArrayList<>(), rcs = new ArrayList<>();
            List<SaliencyMap> maps = new ArrayList<>();
            try (ActorCriticPolicy p = new ActorCriticPolicy(randomise(w, s, seed), name);
                 PerturbationSaliency engine = new PerturbationSaliency(p)) {
                for (int i = 0; i < n; i++) {
                    progress.accept("randomisation: stage " + name + " (" + (s + 1) + "/" + names.size() + "), frame " + (i + 1) + "/" + n);
                    SaliencyMap m = engine.compute(frames.get(i));
                    SaliencyMap o = originals.get(i);
                    maps.add(m);
                    as.add(similarity(o.actorUpsampled(), m.actorUpsampled(), change.get(i), o.inputSize()));
                    cs.add(similarity(o.criticUpsampled(), m.criticUpsampled(), change.get(i), o.inputSize()));
                    SaliencyMap ro = relativeOriginals.get(i), rm = InputRelative.of(m, changeGrid.get(i));
                    ras.add(similarity(ro.actorUpsampled(), rm.actorUpsampled(), change.get(i), o.inputSize()));
                    rcs.add(similarity(ro.criticUpsampled(), rm.criticUpsampled(), change.get(i), o.inputSize()));
                }
            }
            out.add(new Stage(name, Similarity.mean(as), Similarity.mean(cs), List.copyOf(as), List.copyOf(cs), Similarity.mean(ras),
                    Similarity.mean(rcs), List.copyOf(maps)));
        }
        return out;
    }

    /** The similarities of map {@code m} to the reference {@code ref} (both size x size), given the input-change map. */
    static Similarity similarity(float[] ref, float[] m, float[] change, int size) {
        double max = 0;
        for (float v : change) {
            max = Math.max(max, v);
        }
        int count = 0;
        for (float v : change) {
            count += v > SUPPORT_FRACTION * max ? 1 : 0;
        }
        float[] a = new float[count], b = new float[count];
        for (int i = 0, j = 0; i < change.length; i++) {
            if (change[i] > SUPPORT_FRACTION * max) {
                a[j] = ref[i];
                b[j++] = m[i];
            }
        }
        return new Similarity(MapSimilarity.spearman(ref, m), MapSimilarity.ssim(ref, m, size, size),
                count < 2 ? Double.NaN : MapSimilarity.spearman(a, b), MapSimilarity.spearman(m, change));
    }
}
