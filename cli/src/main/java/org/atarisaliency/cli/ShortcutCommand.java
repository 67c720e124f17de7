package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.Shortcut;
import org.atarisaliency.pipelines.ShortcutComparison;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.counterfactual.Interval95;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shortcut}: the SCoBots test (does the agent collapse under a variant?) and whether saliency saw it coming. */
@Command(name = "shortcut", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The shortcut test: the drop under a game variant, and what saliency showed.",
            "Does the agent collapse under a game variant, and does saliency show the",
            "reliance before the variant exposes it?",
            "Delfosse et al. (SCoBots, NeurIPS 2024) report that Pong agents watch the enemy",
            "paddle instead of the ball and collapse when it is lazy. For each agent: its",
            "score on the game as published and under --variant (--episodes each, 95%% t",
            "intervals, the drop with Welch's interval); then, on the published game, each",
            "saliency map's density on every object (the variant's object's share of the",
            "objects' density: its reliance) and the policy change when each object is",
            "moved (intervene). Written to DIR (with several --agent, DIR/AGENT/ each):",
            "summary.json  scores, drop, per-map reliance and densities, moves' effects;",
            "scores.csv, objects.csv (per step, map and object), shortcut.png/.svg,",
            "intervene/    the full intervene output of the published game.",
            "With several agents, DIR/comparison.json/.csv/.png: per map, Spearman's rho",
            "across agents between reliance and drop (does the map predict the collapse?).",
            ""})
public final class ShortcutCommand implements Callable<Integer>, DeclaresSettings {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", paramLabel = "FILE", arity = "1..*",
            description = "Agent checkpoint(s), or bundled agents' names; several compare (default: the game's bundled agent).")
    List<String> agents = new ArrayList<>();

    @Mixin
    GameOptions game;

    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Shortcut.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String a : agents.isEmpty() ? java.util.Collections.<String>singletonList(null) : agents) {
            files.add(BundledAgents.resolve(a, game.game));
        }
        List<String> labels = Shortcut.labels(files);
        SettingValues values = DeclaredOptions.values(spec, Shortcut.DECLARATION);
        List<Shortcut.Settings> runs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path dir = files.size() == 1 ? out.out : out.out.resolve(labels.get(i).replaceAll("[^A-Za-z0-9._-]", "_"));
            runs.add(new Shortcut.Settings(files.get(i), game.resolve(files.get(i)), seed.seed, values, dir));
        }
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        List<Shortcut.Result> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            int k = i;
            String prefix = runs.size() == 1 ? "" : labels.get(i) + " (" + (i + 1) + "/" + runs.size() + "): ";
            results.add(Shortcut.run(runs.get(i), labels.get(i), (text, f) -> progress.fraction(prefix + text, (k + f) / runs.size())));
        }
        progress.finish();
        ShortcutComparison.Result comparison = results.size() > 1 ? ShortcutComparison.of(results) : null;
        if (comparison != null) {
            ShortcutComparison.write(out.out, results, comparison, runs.get(0).game().spec().id() + " under "
                    + runs.get(0).variant() + ", seed " + seed.seed);
        }
        if (!common.quiet) {
            print(results, comparison, runs.get(0).variant());
        }
        return ExitCodes.OK;
    }

    private void print(List<Shortcut.Result> results, ShortcutComparison.Result comparison, String variant) {
        PrintWriter w = spec.commandLine().getOut();
        for (Shortcut.Result r : results) {
            w.printf(Locale.ROOT, "%s: original %.1f, %s %.1f, drop %.1f [%.1f, %.1f] (%.0f%% of its margin); reliance on the %s"
                            + " (its share of density; moved: %.2f)%n", r.label(), Interval95.average(r.original()), variant,
                    Interval95.average(r.varied()), r.drop().value(), r.drop().low(), r.drop().high(), 100 * r.relativeDrop(), r.object(),
                    r.movedReliance());
            for (Map.Entry<String, Shortcut.Estimate> e : r.reliance().entrySet()) {
                w.printf(Locale.ROOT, "  %-22s %.3f [%.3f, %.3f] over %d steps%n", e.getKey(), e.getValue().value(), e.getValue().low(),
                        e.getValue().high(), e.getValue().n());
            }
        }
        if (comparison != null) {
            ShortcutCompareCommand.print(w, comparison);
        }
        w.printf("wrote %s%n", out.out);
        w.flush();
    }
}
