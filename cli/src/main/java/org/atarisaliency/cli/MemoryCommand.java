package org.atarisaliency.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Memory;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.MemoryAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code memory}: when, and how much, the agent relies on its recurrent memory. */
@Command(name = "memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The role of the agent's recurrent memory (Greydanus et al. 2018, section 5).",
            "Written to DIR:",
            "memory.csv    per step: actor/critic change when the memory is scaled",
            "              (--memory-scale), removed, or disturbed by noise, per state",
            "              part; the image-saliency totals; rewards, life losses,",
            "              paddle-ball contacts;",
            "summary.json  reliance peak/median, a permutation test of reliance peaks",
            "              against paddle-ball contacts, the top units, recovery after a",
            "              memory reset, and the score when the memory is reset every k",
            "              steps;",
            "memory.png    the reliance chart with event markers."})
public final class MemoryCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Memory.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        SettingValues values = DeclaredOptions.values(spec, Memory.DECLARATION);
        if (values.integer(Memory.ABLATION_EPISODES) == 0) {
            UnappliedOptions.refuse(spec, "with --ablation-episodes 0 (no ablation runs)", "--ablation-periods", "--ablation-max-steps");
        }
        Memory.Settings s = new Memory.Settings(agent.file(game.game), game.resolve(agent.file(game.game)), seed.seed, values, out.out);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        Memory.Result r = Memory.run(s, progress::fraction);
        progress.finish();
        if (!common.quiet) {
            print(s, r.analysis(), r.contacts(), r.image(), r.ablation());
            MemoryAnalysis.ContactProfile c = r.profile();
            if (c.contacts() > 0) {
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "around contacts (reliance / its mean): 5 steps before %.2f, at %.2f,"
                        + " 5 steps after %.2f; peak at lag %+d; before above chance p = %.4f, before above after p = %.4f%n", c.before(), c.at(),
                        c.after(), c.peakLag(), c.pBeforeAboveChance(), c.pBeforeAboveAfter());
            }
        }
        return ExitCodes.OK;
    }

    private void print(Memory.Settings s, MemoryAnalysis.Result r, MemoryAnalysis.ContactTest t, MemoryAnalysis.ContactTest image, List<Map<String, Object>> ablation) {
        var w = spec.commandLine().getOut();
        w.printf("%d steps analysed%s; memory part %s%n", r.steps().size(), r.episodeEnded() ? " (episode ended)" : "", r.parts().get(r.mainPart()));
        w.printf("reliance (actor change, memory x %s): peak/median %.1f; mean near contacts %.3g vs overall %.3g%n", s.memoryScale(),
                t.peakToMedian(), t.relianceNearContacts(), t.relianceOverall());
        if (r.contactsSupported()) {
            w.printf("paddle-ball contacts: %d; share with a reliance peak (top 10%%) within +-%d steps: %.2f vs %.2f by chance (permutation p = %.4f)%n",
                    t.contacts(), s.window(), t.observed(), t.nullMean(), t.pValue());
            w.printf("  for comparison, image-saliency total: share with a peak %.2f vs %.2f by chance (p = %.4f); mean near contacts %.3g vs overall %.3g%n",
                    image.observed(), image.nullMean(), image.pValue(), image.relianceNearContacts(), image.relianceOverall());
        } else {
            w.println("paddle-ball contacts: not detected for this game (Pong and Breakout only)");
        }
        long recovered = r.recoveries().stream().filter(x -> x.stepsToRecover() >= 0).count();
        double[] rs = r.recoveries().stream().filter(x -> x.stepsToRecover() >= 0).mapToDouble(MemoryAnalysis.Recovery::stepsToRecover).sorted().toArray();
        w.printf("after a memory reset: recovered (KL < %s) in %d of %d cases, median %s steps%n", s.kl(), recovered, r.recoveries().size(),
                rs.length == 0 ? "-" : String.format("%.0f", rs[rs.length / 2]));
        for (Map<String, Object> row : ablation) {
            w.printf("memory reset every %-6s score %8.1f ± %.1f%n", row.get("reset_every"), (double) row.get("mean"), (double) row.get("sd"));
        }
        w.printf("wrote %s (memory.csv, summary.json, memory.png)%n", out.out);
        w.flush();
    }
}
