package org.atarisaliency.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.BenchTrain;
import org.atarisaliency.pipelines.Json;
import org.atarisaliency.pipelines.settings.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench train}: the A2C or PPO learner's and the training loop's speed, against PyTorch in the same run. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Training speed, ours and PyTorch's, in samples and agent steps per second.",
            "learner_samples_per_second: one A2C update of N envs x T steps (forward, GAE,",
            "loss, backward through time, clipping, Adam); agent_steps_per_second: the whole",
            "training loop on the game; and the same update in PyTorch on the same cores",
            "(Debian's python3-torch for /usr/bin/python3; --no-torch times ours alone).",
            "--algo ppo [--arch cnn|lstm] times CleanRL's PPO with its defaults (see each",
            "option): the learner per update epoch (4 minibatch steps) and the loop per",
            "iteration (collect, then 4 epochs) on the game's NoFrameskip-v4 with SB3's",
            "Atari wrappers and CleanRL's frame transform; both also in PyTorch",
            "(ppo_torch.py; its loop plays ale-py through the same wrappers from .deps)."})
final class BenchTrainCommand implements Callable<Integer>, DeclaresSettings {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--game", defaultValue = "Pong-v4", paramLabel = "ID", description = "Game of the whole-loop timing (default: ${DEFAULT-VALUE}).")
    String gameId;

    @Option(names = "--no-torch", description = "Only time ours.")
    boolean noTorch;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return BenchTrain.DECLARATION;
    }

    @Override
    public org.atarisaliency.pipelines.settings.Setting<String> defaultsChosenBy() {
        return org.atarisaliency.pipelines.Train.ALGO;
    }

    @Override
    public Map<String, Object> defaultsFor(String algo) {
        return BenchTrain.defaultsFor(algo);
    }

    @Override
    public Integer call() throws Exception {
        GameOptions g = new GameOptions();
        g.game = gameId;
        Path python = Path.of("/usr/bin/python3");
        if (!noTorch && !Files.isExecutable(python)) {
            throw new UserFacingException("the PyTorch peer needs Debian's python3-torch (/usr/bin/python3): apt-get install python3-torch, or pass --no-torch");
        }
        var err = spec.commandLine().getErr();
        BenchTrain.Settings s = new BenchTrain.Settings(g.resolve(), DeclaredOptions.values(spec, this), noTorch ? null : python);
        Map<String, Object> m = BenchTrain.run(s, line -> {
            if (!common.quiet) {
                err.println(line);
                err.flush();
            }
        });
        var out = spec.commandLine().getOut();
        if (json.on) {
            out.println(Json.write(m));
        } else {
            boolean ppo = m.get("algo").equals("ppo");
            out.printf("learner  %.0f samples/s (%s %s, %d x %d per %s, %s threads)%n", (double) m.get("learner_samples_per_second"), m.get("algo"),
                    m.get("arch"), s.envs(), s.steps(), ppo ? "update epoch" : "update", m.get("threads"));
            out.printf("loop     %.1f agent steps/s on %s (collect + update%s)%n", (double) m.get("agent_steps_per_second"), m.get("game"),
                    ppo ? ": 4 epochs" : "");
            if (m.containsKey("torch_learner_samples_per_second")) {
                out.printf("torch    %.0f samples/s (PyTorch %s, same update, same threads)%n", (double) m.get("torch_learner_samples_per_second"),
                        m.get("torch_version"));
                if (m.containsKey("torch_agent_steps_per_second")) {
                    out.printf("torch    %.1f agent steps/s (same loop: ale-py, SB3's wrappers, CleanRL's frames)%n", (double) m.get("torch_agent_steps_per_second"));
                }
                out.printf("ratio    %.2fx learner%s (ours / torch)%n", (double) m.get("ratio"),
                        m.containsKey("loop_ratio") ? String.format(java.util.Locale.ROOT, ", %.2fx loop", (double) m.get("loop_ratio")) : "");
            }
            out.printf("machine  %s, load average %.1f%n", m.get("machine"), (double) m.get("load_average"));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
