package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.Preprocessing;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: benchmarks that print figures (kept out of the unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print measured figures.",
        subcommands = {BenchCommand.Rollout.class, BenchSaliencyCommand.class, BenchTrainCommand.class, BenchViewCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark; see atari-saliency bench --help");
    }

    /** Median of per-call times in milliseconds. */
    static double medianMillis(int warmup, int reps, Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /** {@code bench rollout}: the parts of one agent step. */
    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = "Time the parts of an agent step: emulation, preprocessing, and the policy forward at several batch sizes.")
    static final class Rollout extends PlayCommand implements java.util.concurrent.Callable<Integer> {
        @Mixin
        JsonOption json;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            UnappliedOptions.refuse(spec, "by bench rollout (it times the emulator on random actions and the network on one plain frame)", "--hints");
            Path agentFile = agent.file(game.game);
            Game g = game.resolve().forAgent(agentFile);
            Map<String, Object> m = new LinkedHashMap<>();
            try (AtariEnv env = g.open(0); ActorCriticPolicy p = ActorCriticPolicy.load(agentFile, env.actionCount())) {
                Random r = new Random(0);
                byte[] frame = new byte[AtariEnv.FRAME_BYTES];
                m.put("env_step_ms", medianMillis(200, 2000, () -> {
                    if (env.step(r.nextInt(env.actionCount())).gameOver()) {
                        env.reset();
                    }
                }));
                env.frame(frame);
                float[] obs = new float[6400];
                m.put("preprocess_ms", medianMillis(200, 2000, () -> Preprocessing.preprocess(frame, obs, 0)));
                for (int n : new int[] {1, 10, 16, 257}) {
                    float[] x = new float[n * 6400];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(obs, 0, x, i * 6400, 6400);
                    }
                    RecurrentState st = p.initialState(n);
                    int reps = n > 100 ? 20 : 300;
                    m.put("forward_ms_batch_" + n, medianMillis(reps / 5, reps, () -> p.forward(x, st)));
                }
            }
            m.put("threads", Runtime.getRuntime().availableProcessors());
            var out = spec.commandLine().getOut();
            if (json.on) {
                out.println(Json.write(m));
            } else {
                m.forEach((k, v) -> out.printf("%-22s %s%n", k, v instanceof Double d ? String.format("%.3f", d) : v));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
