package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Shortcut;
import org.atarisaliency.pipelines.ShortcutComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shortcut-compare}: the comparison across agents of shortcut tests already run (by {@code shortcut} or an experiment). */
@Command(name = "shortcut-compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare shortcut tests already run, across their agents.",
            "Per saliency map, Spearman's rho across agents between the reliance on the",
            "variant's object and the drop (and the share of the margin lost), with",
            "Bonett-Wright 95%% intervals. Reads every summary.json",
            "that shortcut (or an experiment's shortcut jobs) wrote below the folders given;",
            "writes DIR/comparison.json, comparison.csv and comparison.png/.svg.",
            ""})
public final class ShortcutCompareCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FOLDER", arity = "1..*", description = "Folders holding shortcut tests (searched recursively).")
    List<Path> folders;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        List<Shortcut.Result> results = ShortcutComparison.gather(folders);
        ShortcutComparison.Result c = ShortcutComparison.of(results);
        ShortcutComparison.write(out.out, results, c, results.size() + " agents under " + results.get(0).variant());
        if (!common.quiet) {
            PrintWriter w = spec.commandLine().getOut();
            print(w, c);
            w.printf("wrote %s%n", out.out);
            w.flush();
        }
        return ExitCodes.OK;
    }

    /** The comparison's table: per map, rho with the drop and with the share of the margin lost. */
    static void print(PrintWriter w, ShortcutComparison.Result c) {
        if (c.agents().size() < 3) {
            w.printf("(a rank correlation across agents needs 3 or more; these are %d: compare more with shortcut-compare)%n", c.agents().size());
            return;
        }
        w.printf("Spearman rho across %d agents, reliance on the %s vs drop | vs the share of the margin lost:%n", c.agents().size(), c.object());
        c.spearman().forEach((m, e) -> {
            Shortcut.Estimate rel = c.spearmanRelative().get(m);
            w.printf(Locale.ROOT, "  %-22s %6.2f [%5.2f, %5.2f] | %6.2f [%5.2f, %5.2f] (n = %d)%n", m, e.value(), e.low(), e.high(), rel.value(),
                    rel.low(), rel.high(), e.n());
        });
    }
}
