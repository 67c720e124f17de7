package org.atarisaliency.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.pipelines.Imitate;
import org.atarisaliency.pipelines.settings.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imitate}: the paper's overfit and control agents, by imitation of an expert with hints. */
@Command(name = "imitate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a student to imitate an expert on frames with the hint strip (paper 4.4).",
            "The student plays; the expert labels every visited state from the unmarked frame",
            "(DAgger); the hint strip shows the expert's action (--hints expert: the overfit",
            "agent) or a random one (--hints random: the control). Cross-entropy to the",
            "expert's greedy action through time, Adam. Writes DIR/run.json, imitate.csv,",
            "learning_curve.png, model.pt, checkpoints/model.PCT.pt and resume/ (saved every",
            "few minutes; --resume continues exactly)."})
public final class ImitateCommand implements Callable<Integer>, DeclaresSettings {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--expert", required = true, paramLabel = "AGENT", description = "The expert: a checkpoint or a bundled agent's name.")
    String expert;

    @Mixin
    GameOptions game;

    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    ResumeOptions resume;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Imitate.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Teacher.Mode mode = switch (game.hintsOrOff()) {
            case "expert" -> Teacher.Mode.EXPERT;
            case "random" -> Teacher.Mode.RANDOM;
            default -> throw new IllegalArgumentException("imitate takes --hints expert (the overfit agent) or --hints random (the control), got '"
                    + game.hintsOrOff() + "'");
        };
        game.hints = null;
        Imitate.Settings s = new Imitate.Settings(game.resolve(), org.atarisaliency.pipelines.BundledAgents.resolve(expert, null), mode, seed.seed,
                DeclaredOptions.values(spec, Imitate.DECLARATION), resume.checkpointSeconds(), out.out, resume.resume);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        Imitate.Result r = Imitate.run(s, (f, total, episodes, mean, stats, rate) -> progress.show(String.format(Locale.ROOT,
                "%s %d/%d frames  %d episodes  return %s  accuracy %.2f  cross-entropy %.3f  %.0f steps/s  ETA %s",
                ProgressLine.bar((int) (f * 1000 / total), 1000, 24), f, total, episodes, Double.isNaN(mean) ? "-" : String.format(Locale.ROOT, "%.1f", mean),
                stats.accuracy(), stats.crossEntropy(), rate, ProgressLine.duration((total - f) / Math.max(rate, 1e-9))), false));
        progress.finish();
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "imitated for %d frames; last accuracy %.3f; %s -> %s%n", r.frames(), r.accuracy(),
                Double.isNaN(r.meanReturn()) ? "no episode finished yet" : String.format(Locale.ROOT, "mean return %.2f", r.meanReturn()), r.model());
        o.flush();
        return ExitCodes.OK;
    }
}
