package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Json;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.pipelines.Sanity;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.metrics.DeletionInsertion;
import org.atarisaliency.saliency.metrics.Randomization;
import org.atarisaliency.saliency.metrics.SanityChecks;
import org.atarisaliency.saliency.metrics.SanityVerdicts;
import org.atarisaliency.saliency.metrics.ShiftInvariance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sanity}: saliency sanity checks and faithfulness metrics on real frames of the agent playing. */
@Command(name = "sanity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sanity checks of perturbation saliency on real frames of the agent playing.",
            "The agent plays greedily; on the frames it sees:",
            "(a) Cascading randomisation (Adebayo et al. 2018): the layers are replaced",
            "    by random ones (PyTorch's default initialisation) from the top down:",
            "    heads, recurrent cell, conv4 .. conv1. Each stage's maps are compared",
            "    with the trained network's: Spearman rank correlation over the whole",
            "    map and over the support (the pixels the blur changes), SSIM, and",
            "    Spearman with the input-change map, which the frame alone gives.",
            "(b) Input-shift invariance (Kindermans et al. 2017): maps of I+c, with",
            "    conv1's bias absorbing c (exact except at the zero-padded border) and",
            "    with the same network run on (I+c)-c, against the maps of I.",
            "(c) Deletion/insertion: the most salient pixels blurred (restored) first;",
            "    the policy change and the probability of the original action against",
            "    the fraction, and the areas under the curves, for the perturbation",
            "    actor map, the chosen-action map and a random map.",
            "Each check ends in a verdict in words (PASS/FAIL, the number, the threshold and",
            "its source). Randomisation passes when, with every layer random, a map's",
            "Spearman with the trained map is below 0.5 (this tool's cut-off for Adebayo et",
            "al.'s test). The input-relative maps (scores divided by the input change) are",
            "judged beside the paper's. Writes sanity.json (every number, the verdicts and",
            "provenance), sanity.png and sanity.svg (the randomisation chart) and the maps as NPY to --out.",
            ""})
public final class SanityCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Mixin
    SeedOptions seed;
    @Mixin
    JsonOption json;

    @Option(names = "--out", defaultValue = "sanity", paramLabel = "DIR",
            description = "Folder for sanity.json, sanity.png, sanity.svg and the maps (default: ${DEFAULT-VALUE}).")
    java.nio.file.Path outDir;

    @Mixin
    CommonOptions common;

    @Override
    public org.atarisaliency.pipelines.settings.Declaration declaration() {
        return Sanity.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Game g = game.resolve(agent.file(game.game));
        Sanity.Settings s = new Sanity.Settings(agent.file(game.game), g, seed.seed, DeclaredOptions.values(spec, Sanity.DECLARATION));
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        Sanity.Result r = Sanity.run(s, line -> progress.show(line + "  " + ProgressLine.duration(progress.elapsed()), false));
        progress.finish();
        Sanity.write(s, r, outDir);
        if (json.on) {
            out.println(Json.write(Sanity.toJson(s, r)));
        } else {
            print(out, r, g, s);
            out.printf("wrote %s: sanity.json, sanity.png, sanity.svg, %s%n", outDir, String.join(", ", Sanity.MAP_FILES));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, Sanity.Result res, Game g, Sanity.Settings settings) {
        SanityChecks.Report r = res.report();
        double seconds = res.seconds();
        out.printf("%s on %s: %d frames (steps %s), d=%d, r=%s, blur %s, seed %d%n", res.network(), g.spec().id(), res.frameSteps().size(),
                joinInts(res.frameSteps()), settings.method().stride(), fmt(settings.method().radius()), fmt(settings.method().blur()), seed.seed);
        out.println();
        for (SanityVerdicts.Verdict v : res.verdicts()) {
            out.println(v.sentence());
        }
        out.printf("Thresholds are this tool's choices for the papers' tests; sources in sanity.json (verdicts[].source).%n");
        out.println();
        out.println("(a) Cascading randomisation (Adebayo et al. 2018): each stage's maps vs the trained network's, mean over frames.");
        out.println("    spearman: rank correlation over the whole map; support: over the pixels the blur changes; ssim: SSIM;");
        out.println("    input-chg: the stage's map vs the input-change map (what the frame alone explains).");
        out.printf("%-9s | %-36s | %-36s%n", "", "actor", "critic");
        out.printf("%-9s | %8s %8s %8s %9s | %8s %8s %8s %9s%n", "stage", "spearman", "support", "ssim", "input-chg", "spearman", "support",
                "ssim", "input-chg");
        for (Randomization.Stage s : r.randomization()) {
            out.printf("%-9s | %8s %8s %8s %9s | %8s %8s %8s %9s%n", s.name(), f3(s.actor().spearman()), f3(s.actor().supportSpearman()),
                    f3(s.actor().ssim()), f3(s.actor().inputChangeSpearman()), f3(s.critic().spearman()), f3(s.critic().supportSpearman()),
                    f3(s.critic().ssim()), f3(s.critic().inputChangeSpearman()));
        }
        out.println("    input-relative maps (scores divided by the input change), vs the trained network's input-relative maps:");
        out.printf("%-9s | %8s %8s %9s | %8s %8s %9s%n", "stage", "actor", "support", "input-chg", "critic", "support", "input-chg");
        for (Randomization.Stage s : r.randomization()) {
            out.printf("%-9s | %8s %8s %9s | %8s %8s %9s%n", s.name(), f3(s.relativeActor().spearman()), f3(s.relativeActor().supportSpearman()),
                    f3(s.relativeActor().inputChangeSpearman()), f3(s.relativeCritic().spearman()), f3(s.relativeCritic().supportSpearman()),
                    f3(s.relativeCritic().inputChangeSpearman()));
        }
        out.println();
        out.println("(b) Input-shift invariance (Kindermans et al. 2017): maps of I+c vs maps of I, worst frame; spearman: mean.");
        out.println("    bias: conv1's bias absorbs c (exact except at the zero-padded first row/column of conv1);");
        out.println("    function: the same network on (I+c)-c (tests the saliency method alone).");
        out.println("    diff: max |map(I+c) - map(I)| / max map(I), over all grid points and over the interior (masks off rows/cols 0..1).");
        out.printf("%-6s %-8s | %-27s | %-27s | %10s %6s%n", "", "", "actor", "critic", "", "");
        out.printf("%-6s %-8s | %8s %9s %8s | %8s %9s %8s | %10s %6s%n", "c", "model", "diff", "interior", "spearman", "diff", "interior",
                "spearman", "max dlogit", "same a");
        for (ShiftInvariance.Result s : r.shift()) {
            for (String which : List.of("function", "bias")) {
                ShiftInvariance.Comparison m = which.equals("bias") ? s.bias() : s.function();
                out.printf("%-6s %-8s | %8s %9s %8s | %8s %9s %8s | %10s %6s%n", String.format(Locale.ROOT, "%+.3g", s.shift()), which,
                        g3(m.actorMaxRelativeDiff()), g3(m.actorInteriorRelativeDiff()), f3(m.actorSpearman()), g3(m.criticMaxRelativeDiff()),
                        g3(m.criticInteriorRelativeDiff()), f3(m.criticSpearman()), g3(m.logitMaxAbsDiff()), m.sameAction() + "/" + s.frames());
            }
        }
        out.println();
        out.printf("(c) Deletion / insertion (%d steps): mean area under the curves over frames; faithful maps beat random with a%n", settings.steps());
        out.println("    higher deletion change, lower deletion p(a), lower insertion change and higher insertion p(a).");
        out.println("    change: 0.5 * sum of squared logit differences to the unperturbed frame; p(a): probability of its greedy action.");
        out.printf("%-20s | %-17s | %-17s%n", "", "deletion", "insertion");
        out.printf("%-20s | %8s %8s | %8s %8s%n", "method", "change", "p(a)", "change", "p(a)");
        for (DeletionInsertion.Summary s : r.faithfulness()) {
            DeletionInsertion.Result m = s.mean();
            out.printf("%-20s | %8s %8s | %8s %8s%n", s.method(), g4(m.deletion().policyChangeAuc()), f3(m.deletion().actionProbabilityAuc()),
                    g4(m.insertion().policyChangeAuc()), f3(m.insertion().actionProbabilityAuc()));
        }
        out.println();
        out.printf("%.1f s%n", seconds);
    }

    private static String joinInts(List<Integer> v) {
        return String.join(", ", v.stream().map(String::valueOf).toList());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g3(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String g4(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }
}
