package org.atarisaliency.cli;

import java.util.concurrent.Callable;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.pipelines.Evaluate;
import org.atarisaliency.pipelines.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: plays whole episodes and reports the scores. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play whole episodes with an agent and report the scores.",
            "Each score and length, then mean ± sd. Episodes run as parallel",
            "environments stepped together (batched forwards, emulators on a second",
            "thread)."})
public final class EvaluateCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Mixin
    SeedOptions seed;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public org.atarisaliency.pipelines.settings.Declaration declaration() {
        return Evaluate.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Evaluate.Settings s = new Evaluate.Settings(agent.file(game.game), game.resolve(agent.file(game.game)), seed.seed,
                DeclaredOptions.values(spec, Evaluate.DECLARATION));
        int episodes = s.episodes();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        Evaluator.Result r = Evaluate.run(s, new Evaluate.Listener() {
            @Override
            public void onStart(Policy p) {
                if (!json.on) {
                    out.printf("%s on %s (frame skip %s, sticky %.2f), %d episodes, %s policy, seed %d%n", p.describe(), s.game().spec().id(),
                            s.game().spec().frameSkipText(), s.game().spec().repeatActionProbability(), episodes,
                            s.selection().name().toLowerCase(), seed.seed);
                    out.flush();
                }
            }

            @Override
            public synchronized void onStep(long steps, int finished) {
                double t = progress.elapsed();
                progress.show(String.format("episodes %d/%d  steps %d  %.0f steps/s  %s", finished, episodes, steps, steps / Math.max(t, 1e-9),
                        ProgressLine.duration(t)), false);
            }

            @Override
            public synchronized void onEpisode(Evaluator.Episode e) {
                if (!json.on) {
                    progress.finish();
                    out.printf("episode %3d  score %8.1f  length %6d%s%n", e.index() + 1, e.score(), e.length(),
                            e.truncated() ? "  (cut at --max-steps)" : "");
                    out.flush();
                }
            }
        });
        progress.finish();
        if (json.on) {
            out.println(Json.write(Evaluate.toJson(s, r)));
        } else {
            out.printf("mean %.2f ± %.2f (sd) over %d episodes; %d steps in %.1f s = %.0f steps/s%n", r.mean(), r.sd(),
                    r.episodes().size(), r.steps(), r.seconds(), r.stepsPerSecond());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
