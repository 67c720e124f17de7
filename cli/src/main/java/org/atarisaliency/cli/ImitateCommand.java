package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.nets.RecurrentCell;
import org.atarisaliency.agents.train.A2cConfig;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.pipelines.Imitate;
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
            "learning_curve.png, model.pt and checkpoints/model.PCT.pt."})
public final class ImitateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--expert", required = true, paramLabel = "AGENT", description = "The expert's checkpoint.")
    Path expert;

    @Mixin
    GameOptions game;

    @Option(names = "--arch", defaultValue = "gru", paramLabel = "gru|lstm", description = "The student's recurrent cell (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--frames", defaultValue = "3M", paramLabel = "N[k|M]", description = "Agent steps over all environments (default: ${DEFAULT-VALUE}).")
    String frames;

    @Option(names = "--envs", defaultValue = "16", description = "Parallel environments (default: ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--steps", defaultValue = "20", description = "Steps per environment per update (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    SeedOptions seed;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Mixin
    OutputOptions out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Teacher.Mode mode = switch (game.hints) {
            case "expert" -> Teacher.Mode.EXPERT;
            case "random" -> Teacher.Mode.RANDOM;
            default -> throw new IllegalArgumentException("imitate takes --hints expert (the overfit agent) or --hints random (the control), got '"
                    + game.hints + "'");
        };
        game.hints = "off";
        RecurrentCell cell = switch (arch.toLowerCase(Locale.ROOT)) {
            case "gru" -> RecurrentCell.GRU;
            case "lstm" -> RecurrentCell.LSTM;
            default -> throw new IllegalArgumentException("unknown --arch '" + arch + "'; use gru or lstm");
        };
        A2cConfig d = A2cConfig.defaults();
        A2cConfig config = new A2cConfig(d.gamma(), d.gaeLambda(), lr, d.valueCoef(), d.entropyCoef(), d.maxGradNorm(), d.adamBeta1(),
                d.adamBeta2(), d.adamEps());
        Imitate.Settings s = new Imitate.Settings(game.resolve(), expert, mode, cell, TrainCommand.parseCount(frames), envs, steps, seed.seed,
                config, out.out);
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
