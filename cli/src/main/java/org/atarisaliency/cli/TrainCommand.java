package org.atarisaliency.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Train;
import org.atarisaliency.pipelines.settings.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code train}: trains the paper's network with synchronous A2C. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the paper's network (conv x4 + GRU or LSTM 256) with A2C, or CleanRL's PPO.",
            "Synchronous advantage actor-critic over parallel environments (GAE, entropy",
            "bonus, gradient-norm clipping 40, Adam) on the A3C preprocessing, so the agent",
            "works with every other command. Writes DIR/run.json, train.csv (one row per",
            "update), learning_curve.png, model.pt (the latest weights, PyTorch zip format",
            "with baby-a3c's tensor names), checkpoints/model.PCT.pt at each tenth of the",
            "budget, and resume/ (saved every few minutes; --resume continues exactly).",
            "--init starts from an agent's weights (fine-tuning); --variant with",
            "--variant-share plays a game variant in that share of the environments;",
            "--life-loss-terminal (a2c) ends the return at each lost life, the game and memory going on.",
            "--algo ppo trains CleanRL's ppo_atari (--arch cnn, the default) or ppo_atari_lstm",
            "(--arch lstm) with its defaults (listed with each option; the lr annealed to 0) on",
            "the game's NoFrameskip-v4 through SB3's AtariWrapper; model.pt is CleanRL's state dict."})
public final class TrainCommand implements Callable<Integer>, DeclaresSettings {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    GameOptions game;

    @Mixin
    SeedOptions seed;

    @Mixin
    OutputOptions out;

    @Mixin
    ResumeOptions resume;

    @picocli.CommandLine.Option(names = "--init", paramLabel = "FILE",
            description = "Start from this agent's weights (a checkpoint of this network: same --arch, same game) instead of the seed's.")
    java.nio.file.Path init;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Train.DECLARATION;
    }

    @Override
    public org.atarisaliency.pipelines.settings.Setting<String> defaultsChosenBy() {
        return Train.ALGO;
    }

    @Override
    public java.util.Map<String, Object> defaultsFor(String algo) {
        return Train.defaultsFor(algo);
    }

    @Override
    public Integer call() throws Exception {
        Train.Settings s = new Train.Settings(game.resolve(), seed.seed, DeclaredOptions.values(spec, this), true,
                resume.checkpointSeconds(), out.out, resume.resume, init);
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), common.quiet);
        Train.Result r = Train.run(s, Train.defaultEngine(), (p, total) -> {
            double rate = p.stepsPerSecond();
            progress.show(String.format(Locale.ROOT, "%s %s/%s frames  %d episodes  mean return %s  %.0f steps/s  ETA %s",
                    ProgressLine.bar((int) (p.frames() * 1000 / total), 1000, 24), count(p.frames()), count(total), p.episodes(),
                    Double.isNaN(p.meanScore()) ? "-" : String.format(Locale.ROOT, "%.1f", p.meanScore()), rate,
                    ProgressLine.duration((total - p.frames()) / Math.max(rate, 1e-9))), false);
        });
        progress.finish();
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "trained %s frames; %s -> %s%n", count(r.frames()), Double.isNaN(r.meanReturn()) ? "no episode finished yet"
                : String.format(Locale.ROOT, "mean return of the last 100 episodes %.2f", r.meanReturn()), r.model());
        o.flush();
        return ExitCodes.OK;
    }

    private static String count(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.2fM", n / 1e6) : n >= 1000 ? String.format(Locale.ROOT, "%.1fk", n / 1e3) : Long.toString(n);
    }
}
