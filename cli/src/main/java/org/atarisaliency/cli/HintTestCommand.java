package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.HintTest;
import org.atarisaliency.pipelines.Json;
import org.atarisaliency.pipelines.settings.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hint-test}: does an agent play from the hint strip (overfit) or from the game (control)? */
@Command(name = "hint-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Test whether an agent reads the hint strip (paper 4.4: overfit vs control).",
            "The agent plays with the expert's hints and with random hints; for each it reports",
            "the mean score over whole episodes (sampled actions) and the actor-saliency mass",
            "on the strip's pixels over the first frames (greedy, as record plays). An overfit",
            "agent scores well only with expert hints and looks at the strip."})
public final class HintTestCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Option(names = "--expert", required = true, paramLabel = "AGENT",
            description = "The expert that draws the 'expert' hints: a checkpoint or a bundled agent's name.")
    String expert;

    @Mixin
    SeedOptions seed;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return HintTest.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        if (game.hints != null) {
            throw new IllegalArgumentException("hint-test plays both hint conditions itself; leave out --hints");
        }
        Path agentFile = agent.file(game.game);
        Game g = game.resolve().forAgent(agentFile);
        Path expertFile = BundledAgents.resolve(expert, null);
        HintTest.Settings s = new HintTest.Settings(agentFile, g.spec(), g.rom(), expertFile, seed.seed, DeclaredOptions.values(spec, HintTest.DECLARATION));
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        HintTest.Result r = HintTest.run(s, (what, f) -> {
            double t = progress.elapsed();
            progress.show(String.format(Locale.ROOT, "%s %s  %s  ETA %s", ProgressLine.bar((int) (f * 1000), 1000, 24), what,
                    ProgressLine.duration(t), f > 0.01 ? ProgressLine.duration(t * (1 - f) / f) : "-"), false);
        });
        progress.finish();
        var out = spec.commandLine().getOut();
        if (json.on) {
            out.println(Json.write(HintTest.toJson(s, r)));
        } else {
            out.printf("%s on %s, expert %s, seed %d%n", s.agent(), g.spec().id(), expertFile, seed.seed);
            out.printf("%-14s %18s %12s %14s%n", "hints", "score (mean ± sd)", "strip mass", "strip share");
            for (HintTest.Condition c : java.util.List.of(r.expertHints(), r.randomHints())) {
                out.printf(Locale.ROOT, "%-14s %9.1f ± %-6.1f %12.4g %13.2f%%%n", c.hints(), c.meanReturn(), c.sdReturn(), c.stripMass(),
                        100 * c.stripFraction());
            }
            out.printf(Locale.ROOT, "score drop when the hints turn random: %.1f%n", r.scoreDrop());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
