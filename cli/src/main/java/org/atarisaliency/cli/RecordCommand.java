package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code record}: an annotated saliency video of an agent playing, with per-frame data beside it. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play an agent and record an annotated saliency video (H.264 MP4).",
            "Actor saliency as a blue fill, critic as amber contours, with a panel showing",
            "the agent, step, score, action probabilities, value and memory reliance. Beside the video (same",
            "stem): STEM.actor.npy, STEM.critic.npy (T x 80 x 80), STEM.memory.npy (T x",
            "parts x 6: scale/remove/noise x actor/critic), STEM.steps.csv and",
            "STEM.run.json (and STEM.objects.csv with --objects). Everything is written",
            "under temporary names and renamed only when the clip is complete; an",
            "existing video and its companions are replaced."})
public final class RecordCommand extends PlayCommand implements Callable<Integer>, DeclaresSettings {
    @Mixin
    SeedOptions seed;

    @Option(names = "--start", defaultValue = "0", description = "Agent steps played (fast, without saliency) before the clip (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--frames", defaultValue = "300", description = "Steps in the clip (default: ${DEFAULT-VALUE}); it ends earlier if the episode does.")
    int frames;

    @Option(names = "--saliency-scale", paramLabel = "A[,C]", split = ",",
            description = "The fixed scale mode's values of the paper's scores drawn at full intensity (actor, critic), to compare agents on a chosen scale.")
    List<Double> saliencyScale;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write every composed frame as a PNG still into DIR.")
    Path png;

    @Option(names = "--out", required = true, paramLabel = "FILE.mp4", description = "The video to write (replaced if it exists).")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Declaration declaration() {
        return Record.DECLARATION;
    }

    @Override
    public Integer call() throws Exception {
        Path agentFile = agent.file(game.game);
        AgentOptions.refuseMemoryScaleWithoutMemory(spec, agentFile);
        List<Double> fixedScale = saliencyScale == null || saliencyScale.isEmpty() ? null : saliencyScale;
        SettingValues values = DeclaredOptions.values(spec, Record.DECLARATION);
        if (fixedScale != null && !UnappliedOptions.given(spec, DeclaredOptions.flag(Record.SCALE_MODE))) {
            values = values.with(Record.SCALE_MODE, "fixed"); // --saliency-scale implies the fixed scale mode
        }
        Record.Settings s = new Record.Settings(agentFile, game.resolve(agentFile), seed.seed, start, frames, values, fixedScale, png, out);
        if (!s.overlaid()) {
            UnappliedOptions.refuse(spec, "with --overlay none (no saliency is drawn)", "--overlay-colors", "--saliency-scale", "--scale-mode");
        }
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        Record.Result r = Record.run(s, (done, total, elapsed) -> {
            double rate = done / Math.max(elapsed, 1e-9);
            progress.show(String.format("%s %d/%d frames  %.1f frames/s  ETA %s", ProgressLine.bar(done, total, 24), done, total, rate,
                    ProgressLine.duration((total - done) / Math.max(rate, 1e-9))), done == total);
        });
        progress.finish();
        if (!common.quiet) {
            err.printf("recorded %d frames in %.1f s (%.1f frames/s): env %.1f s, saliency %.1f s, memory %.1f s, compose %.1f s, encode %.1f s -> %s%n",
                    r.frames(), r.seconds(), r.frames() / r.seconds(), r.envSeconds(), r.saliencySeconds(), r.memorySeconds(),
                    r.composeSeconds(), r.encodeSeconds(), out);
            err.flush();
        }
        return ExitCodes.OK;
    }
}
