package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Intervene;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.saliency.counterfactual.Agreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code intervene}: does the saliency tell the truth? Object-level counterfactuals through the console RAM. */
@Command(name = "intervene", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Object-level counterfactual tests of saliency maps.",
            "Atrey et al. (ICLR 2020) on the real games, through the console RAM",
            "(Pong, Breakout, SpaceInvaders).",
            "At each analysed step, every intervention of the game (objects moved by",
            "+-SHIFT pixels, bricks or invaders deleted, the score changed; see the",
            "README) is made in the state before the agent's previous step, the step is",
            "replayed, and the policy's change on the frame it shows is measured from",
            "the same memory. Interventions the game undoes (display copies, bytes it",
            "re-derives) are detected and reported as did_not_take, not counted.",
            "The saliency each map (perturbation actor/critic/chosen-action, Jacobian,",
            "random) put on the object before the change is compared with that change.",
            "Written to DIR:",
            "interventions.csv  one row per step and intervention: status, box, the",
            "                   actor/critic/chosen-action/TV change, each map's mass,",
            "                   share and density on the object;",
            "summary.json       per intervention: how often it applied and took, its",
            "                   effect; per method: Spearman rho (mass vs change), AUC",
            "                   (does the map separate changes that matter), Atrey's",
            "                   check (marked objects whose change does not matter);",
            "interventions.png  both as a chart.",
            ""})
public final class InterveneCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Intervene.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Intervene.Settings s = new Intervene.Settings(agent.file(game.game), game.resolve(agent.file(game.game)), seed.seed,
                DeclaredOptions.values(spec, Intervene.DECLARATION), out.out);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        Intervene.Result r = Intervene.run(s, progress::fraction);
        progress.finish();
        if (!common.quiet) {
            print(r);
        }
        return ExitCodes.OK;
    }

    private void print(Intervene.Result r) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%d steps analysed; %s%n", r.steps(), r.network());
        w.printf("%-22s %10s %6s %12s%n", "intervention", "applicable", "took", "did not take");
        for (Map.Entry<String, int[]> e : r.counts().entrySet()) {
            int[] c = e.getValue();
            w.printf("%-22s %10d %6d %12d%n", e.getKey(), c[0], c[1], c[2]);
        }
        w.printf("%-20s %-8s %5s %9s %9s %6s  %s%n", "method", "explains", "n", "rho mass", "rho dens", "auc",
                "marked: no effect / effect");
        for (Agreement.Result a : r.results()) {
            w.printf(Locale.ROOT, "%-20s %-8s %5d %9.3f %9.3f %6.3f  %.2f (n=%d) / %.2f (n=%d)%n", a.method(), a.target(), a.n(), a.spearman(),
                    a.spearmanDensity(), a.auc(), a.atrey().shareMarkedNoEffect(), a.atrey().noEffect(), a.atrey().shareMarkedEffect(),
                    a.atrey().effect());
        }
        if (!r.skippedMethods().isEmpty()) {
            w.printf("not run for this agent: %s (Jacobian maps need the single-channel A3C actor-critic)%n", String.join(", ", r.skippedMethods()));
        }
        w.printf("wrote %s (interventions.csv, summary.json, interventions.png)%n", out.out);
        w.flush();
    }
}
