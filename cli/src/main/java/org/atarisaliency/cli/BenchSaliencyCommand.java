package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.BenchSaliency;
import org.atarisaliency.pipelines.Json;
import org.atarisaliency.pipelines.settings.Declaration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench saliency}: our seconds per frame against batched PyTorch on the same real frames,
 * in one run.
 */
@Command(name = "saliency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Seconds per frame of perturbation saliency, ours and batched PyTorch's.",
            "On real frames of the agent playing (d, r as given), median after warm-up, and in",
            "the same run the same computation in batched PyTorch (all perturbations in one",
            "forward, masks cached, same thread count), and the ratio torch/ours.",
            "PyTorch comes from .deps/torch: ./atari-saliency setup --bench installs it."})
final class BenchSaliencyCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Option(names = "--no-torch", description = "Only time our engine.")
    boolean noTorch;
    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return BenchSaliency.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Path torch = noTorch ? null : Path.of(System.getProperty("atari.home", "."), ".deps", "torch");
        BenchSaliency.Settings s = new BenchSaliency.Settings(agent.file(game.game), game.resolve(agent.file(game.game)),
                DeclaredOptions.values(spec, BenchSaliency.DECLARATION), torch);
        var err = spec.commandLine().getErr();
        Map<String, Object> m = BenchSaliency.run(s, line -> {
            if (!common.quiet) {
                err.print("\r" + line + " ".repeat(Math.max(0, 50 - line.length())) + (line.isEmpty() ? "\r" : ""));
                err.flush();
            }
        });
        var out = spec.commandLine().getOut();
        if (json.on) {
            out.println(Json.write(m));
        } else {
            out.printf("ours   %.4f s/frame (median of %d after %d warm-up, %s, %s threads)%n", (double) m.get("seconds_per_frame"), s.frames(), s.warmup(),
                    m.get("engine"), m.get("threads"));
            if (m.containsKey("torch_seconds_per_frame")) {
                out.printf("torch  %.4f s/frame (batched PyTorch %s, same frames)%n", (double) m.get("torch_seconds_per_frame"), m.get("torch_version"));
                out.printf("ratio  %.2fx (torch / ours); largest map difference vs torch: %.2g of the map's max%n", (double) m.get("ratio"),
                        (double) m.get("max_relative_difference_vs_torch"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
