package org.atarisaliency.saliency.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The verdicts of {@link SanityChecks} in words: for each check and map, whether it passed, the
 * number, the threshold and where the test comes from. The tests are the papers'; the cut-offs are
 * this tool's choices, stated with each verdict.
 *
 * <ul>
 * <li><b>Randomisation</b> (Adebayo et al. 2018, "Sanity Checks for Saliency Maps", NeurIPS: cascading
 * randomisation judged by the rank correlation with the trained network's map, and by eye): a map
 * passes when, after every layer is randomised, its Spearman correlation with the trained agent's
 * map is below {@value #RANDOMISATION_THRESHOLD}.</li>
 * <li><b>Input invariance</b> (Kindermans et al. 2017, "The (Un)reliability of Saliency Methods"):
 * the maps of I + c from the same function ((I + c) - c) must equal the maps of I; passes when the
 * largest difference is below {@value #SHIFT_THRESHOLD} of the map's maximum (float rounding).</li>
 * <li><b>Deletion / insertion</b> (Petsiuk et al. 2018, RISE): a map passes when deleting its most
 * salient pixels first changes the policy more than the random map's order does (larger area under
 * the deletion curve) and inserting them first leaves less change (smaller area under the insertion
 * curve).</li>
 * </ul>
 */
public final class SanityVerdicts {
    /** Randomisation: Spearman with the trained map after full randomisation must be below this. */
    public static final double RANDOMISATION_THRESHOLD = 0.5;
    /** Input invariance: max |map(I + c) - map(I)| / max map(I) must be below this. */
    public static final double SHIFT_THRESHOLD = 1e-3;
    /** The random baseline of deletion/insertion. */
    public static final String RANDOM = "random";

    /** Passed, failed, or not decidable (a constant map has no rank correlation). */
    public enum Outcome { PASS, FAIL, UNDEFINED }

    /**
     * One verdict.
     *
     * @param check      randomisation, input_invariance or deletion_insertion
     * @param map        the map judged
     * @param value      the number judged
     * @param threshold  what it is compared with
     * @param rule       the comparison, e.g. "spearman < 0.5"
     * @param source     the paper the test comes from, and whose choice the threshold is
     * @param sentence   the verdict as one sentence, starting with PASS, FAIL or UNDEFINED
     */
    public record Verdict(String check, String map, Outcome outcome, double value, double threshold, String rule, String source,
                          String sentence) {
    }

    private static final String ADEBAYO = "Adebayo et al. 2018, Sanity Checks for Saliency Maps (cascading randomisation, rank correlation);"
            + " the threshold is this tool's choice";
    private static final String KINDERMANS = "Kindermans et al. 2017, The (Un)reliability of Saliency Methods (input invariance);"
            + " the threshold (float rounding) is this tool's choice";
    private static final String PETSIUK = "Petsiuk et al. 2018, RISE (deletion and insertion curves); the random map as the bar is this tool's choice";

    private SanityVerdicts() {
    }

    /** All verdicts of a report: randomisation per map, input invariance, deletion/insertion per method. */
    public static List<Verdict> of(SanityChecks.Report r) {
        List<Verdict> out = new ArrayList<>(randomisation(r.randomization()));
        out.add(invariance(r.shift()));
        out.addAll(faithfulness(r.faithfulness()));
        return out;
    }

    /** Whether every verdict passed. */
    public static boolean allPass(List<Verdict> v) {
        return v.stream().allMatch(x -> x.outcome() == Outcome.PASS);
    }

    /** One verdict per map: perturbation actor and critic, input-relative actor and critic. */
    static List<Verdict> randomisation(List<Randomization.Stage> stages) {
        Randomization.Stage trained = stages.get(0), last = stages.get(stages.size() - 1);
        List<Verdict> out = new ArrayList<>();
        out.add(randomisation("perturbation actor", trained, last, Randomization.Stage::actor));
        out.add(randomisation("perturbation critic", trained, last, Randomization.Stage::critic));
        out.add(randomisation("input-relative actor", trained, last, Randomization.Stage::relativeActor));
        out.add(randomisation("input-relative critic", trained, last, Randomization.Stage::relativeCritic));
        return out;
    }

    private static Verdict randomisation(String map, Randomization.Stage trained, Randomization.Stage last,
                                         Function<Randomization.Stage, Randomization.Similarity> which) {
        double rho = which.apply(last).spearman(), input = which.apply(trained).inputChangeSpearman();
        Outcome o = Double.isNaN(rho) ? Outcome.UNDEFINED : rho < RANDOMISATION_THRESHOLD ? Outcome.PASS : Outcome.FAIL;
        String head = String.format(Locale.ROOT, "%s randomisation, %s map: after randomising every layer, it %scorrelates %s (Spearman) with the"
                + " trained agent's map (pass below %s)", o, map, o == Outcome.FAIL ? "still " : "", f2(rho), f2(RANDOMISATION_THRESHOLD));
        String tail = switch (o) {
            case PASS -> ": the map depends on what the network learned.";
            case FAIL -> ": the map mostly reflects the input, not what the network learned.";
            case UNDEFINED -> ": a constant map has no ranking.";
        };
        String confound = String.format(Locale.ROOT, " The trained map correlates %s with the input-change map, which the frame alone gives.",
                f2(input));
        return new Verdict("randomisation", map, o, rho, RANDOMISATION_THRESHOLD, "spearman < " + RANDOMISATION_THRESHOLD, ADEBAYO,
                head + tail + confound);
    }

    static Verdict invariance(List<ShiftInvariance.Result> shifts) {
        double worst = 0;
        for (ShiftInvariance.Result s : shifts) {
            worst = Math.max(worst, Math.max(s.function().actorMaxRelativeDiff(), s.function().criticMaxRelativeDiff()));
        }
        Outcome o = worst < SHIFT_THRESHOLD ? Outcome.PASS : Outcome.FAIL;
        String sentence = String.format(Locale.ROOT, "%s input invariance, perturbation maps: the same network on the shifted input (I + c) - c"
                + " changes the maps by at most %.2g of their maximum (pass below %.0e)%s", o, worst, SHIFT_THRESHOLD,
                o == Outcome.PASS ? ": the method depends on the function, not on how the input is offset." : ": the method is not input invariant.");
        return new Verdict("input_invariance", "perturbation", o, worst, SHIFT_THRESHOLD, "max relative difference < " + SHIFT_THRESHOLD,
                KINDERMANS, sentence);
    }

    static List<Verdict> faithfulness(List<DeletionInsertion.Summary> methods) {
        DeletionInsertion.Result random = methods.stream().filter(m -> m.method().equals(RANDOM)).findFirst()
                .map(DeletionInsertion.Summary::mean).orElse(null);
        List<Verdict> out = new ArrayList<>();
        if (random == null) {
            return out;
        }
        double rd = random.deletion().policyChangeAuc(), ri = random.insertion().policyChangeAuc();
        for (DeletionInsertion.Summary m : methods) {
            if (m.method().equals(RANDOM)) {
                continue;
            }
            double d = m.mean().deletion().policyChangeAuc(), i = m.mean().insertion().policyChangeAuc();
            Outcome o = d > rd && i < ri ? Outcome.PASS : Outcome.FAIL;
            String sentence = String.format(Locale.ROOT, "%s deletion/insertion, %s map: deleting its most salient pixels first changes the policy"
                    + " by an area of %.4g (random order: %.4g), inserting them first leaves %.4g (random: %.4g)%s", o, m.method(), d, rd, i, ri,
                    o == Outcome.PASS ? ": it ranks pixels by their effect better than chance." : ": it does not beat a random ranking on both curves.");
            out.add(new Verdict("deletion_insertion", m.method(), o, d, rd, "deletion AUC > random's and insertion AUC < random's", PETSIUK,
                    sentence));
        }
        return out;
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
