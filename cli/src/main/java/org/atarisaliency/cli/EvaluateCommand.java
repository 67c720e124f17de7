package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.env.AtariEnv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: plays whole episodes and reports the scores. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play whole episodes with an agent and report each score and length, then",
            "mean ± sd. Episodes run as parallel environments stepped together (batched",
            "forwards, emulators on a second thread)."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "Agent checkpoint (PyTorch state dict: legacy or zip format).")
    Path agent;

    @Mixin
    GameOptions game;

    @Option(names = "--episodes", defaultValue = "10", description = "Number of episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the run; episode i's emulator and action RNG derive from (seed, i) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--policy", defaultValue = "sample", paramLabel = "greedy|sample",
            description = "Choose the arg-max action or sample from the softmax, as the agents were trained (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--max-steps", defaultValue = "27000", description = "Agent steps after which an episode is cut (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--parallel", defaultValue = "16", description = "Episodes played at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--json", description = "Print one JSON object on stdout (scores, lengths, mean, sd, ...); progress stays on stderr.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ActionSelection selection = ActionSelection.parse(policy);
        GameOptions.Resolved g = game.resolve();
        int actions;
        try (AtariEnv probe = AtariEnv.open(g.spec(), g.rom(), 0, 0)) {
            actions = probe.actionCount();
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        try (Policy p = Agents.loadPolicy(agent, actions)) {
            Evaluator.Settings settings = new Evaluator.Settings(g.spec(), g.rom(), episodes, seed, selection, maxSteps,
                    Math.min(parallel, episodes));
            if (!json) {
                out.printf("%s on %s (frame skip %s, sticky %.2f), %d episodes, %s policy, seed %d%n", p.describe(), g.spec().id(),
                        g.spec().frameSkipText(), g.spec().repeatActionProbability(), episodes, selection.name().toLowerCase(), seed);
                out.flush();
            }
            List<Evaluator.Episode> done = new ArrayList<>();
            Evaluator.Result r = Evaluator.run(p, settings, new Evaluator.Listener() {
                @Override
                public synchronized void onStep(long steps, int finished) {
                    double t = progress.elapsed();
                    progress.fraction(finished / (double) episodes);
                    progress.show(String.format("episodes %d/%d  steps %d  %.0f steps/s  %s", finished, episodes, steps, steps / Math.max(t, 1e-9),
                            ProgressLine.duration(t)), false);
                }

                @Override
                public synchronized void onEpisode(Evaluator.Episode e) {
                    done.add(e);
                    if (!json) {
                        progress.finish();
                        out.printf("episode %3d  score %8.1f  length %6d%s%n", e.index() + 1, e.score(), e.length(),
                                e.truncated() ? "  (cut at --max-steps)" : "");
                        out.flush();
                    }
                }
            });
            progress.finish();
            if (json) {
                out.println(Json.write(toJson(r, g, selection)));
            } else {
                out.printf("mean %.2f ± %.2f (sd) over %d episodes; %d steps in %.1f s = %.0f steps/s%n", r.mean(), r.sd(),
                        r.episodes().size(), r.steps(), r.seconds(), r.stepsPerSecond());
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    private Map<String, Object> toJson(Evaluator.Result r, GameOptions.Resolved g, ActionSelection selection) throws java.io.IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", agent.toString());
        m.put("agent_sha256", Agents.sha256(agent));
        m.put("game", g.spec().id());
        m.put("rom", g.rom().toString());
        m.put("rom_md5", AtariEnv.md5(g.rom()));
        m.put("frame_skip", g.spec().frameSkipText());
        m.put("repeat_action_probability", (double) g.spec().repeatActionProbability());
        m.put("policy", selection.name().toLowerCase());
        m.put("seed", seed);
        m.put("episodes", r.episodes().size());
        m.put("max_steps", maxSteps);
        m.put("scores", r.episodes().stream().map(Evaluator.Episode::score).toList());
        m.put("lengths", r.episodes().stream().map(Evaluator.Episode::length).toList());
        m.put("truncated", r.episodes().stream().map(Evaluator.Episode::truncated).toList());
        m.put("mean", r.mean());
        m.put("sd", r.sd());
        m.put("steps", r.steps());
        m.put("seconds", r.seconds());
        m.put("steps_per_second", r.stepsPerSecond());
        m.put("version", Main.version());
        return m;
    }
}
