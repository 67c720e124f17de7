package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.video.Mp4Writer;
import org.atarisaliency.video.OverlayScale;
import org.atarisaliency.video.OverlayStyle;
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
public final class RecordCommand extends PlayCommand implements Callable<Integer> {
    @Mixin
    SeedOptions seed;

    @Option(names = "--start", defaultValue = "0", description = "Agent steps played (fast, without saliency) before the clip (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--frames", defaultValue = "300", description = "Steps in the clip (default: ${DEFAULT-VALUE}); it ends earlier if the episode does.")
    int frames;

    @Mixin
    SaliencyOptions saliency;

    @Option(names = "--perturb", defaultValue = "newest", paramLabel = "newest|stack",
            description = {"For agents that see a stack of frames (RL4J, SB3 / CleanRL): perturb the newest frame only (default), or every",
                "frame of the stack with the same mask (each blended with its own blur); refused for agents without a frame stack. Maps lie on the newest frame."})
    String perturb;

    @Option(names = "--fps", defaultValue = "15", description = "Video frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--scale", defaultValue = "" + Record.DEFAULT_SCALE,
            description = "Nearest-neighbour magnification of the 160x210 screen (default: ${DEFAULT-VALUE}; an even scale keeps every game pixel on whole 4:2:0 colour blocks).")
    int scale;

    @Option(names = "--overlay", defaultValue = "actor,critic", split = ",", paramLabel = "actor,critic",
            description = "Which saliency to draw: actor, critic, both, or none (default: ${DEFAULT-VALUE}).")
    List<String> overlay;

    @Option(names = "--overlay-colors", defaultValue = "readable", paramLabel = "readable|paper|actor=#RRGGBB,critic=#RRGGBB[,opacity=O]",
            description = {"readable: the actor map as a blue fill, the critic map as amber contour lines, the game's objects tinted less than its",
                "background; paper: the maps are added to the blue (actor) and red (critic) channels, as Greydanus et al. did, which mixes with the",
                "game's colours; otherwise each pixel is blended towards the given colours by the map's strength, at most O (default: ${DEFAULT-VALUE};",
                "e.g. actor=#1e6bff,critic=#ff3030,opacity=0.7)."})
    String overlayColors;

    @Option(names = "--quality", defaultValue = "" + Record.DEFAULT_QUALITY, paramLabel = "auto|QP",
            description = "H.264 quality: a constant quantiser 0..51, lower is better and larger, or auto (the encoder's own rate control, smaller files with visible trails; default: ${DEFAULT-VALUE}).")
    String quality;

    @Option(names = "--no-panel", description = "Draw the game screen alone, without the panel beside it (which names the agent and shows its action, value and memory): for blinded viewing.")
    boolean noPanel;

    @Option(names = "--objects", description = {"Outline the game's objects (ball, paddles, ...) on the screen, as read from the console RAM of the state each",
                "frame shows, and write their boxes to STEM.objects.csv (step,object,top,left,height,width; empty when not in play).",
                "Pong, Breakout and SpaceInvaders only."})
    boolean objects;

    @Option(names = "--policy", defaultValue = "greedy", paramLabel = "greedy|sample", description = "How the agent picks actions (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--scale-mode", paramLabel = "absolute|per-clip|fixed",
            description = {"How overlay brightness is scaled. absolute (default): the same for every agent, clip and game: the actor overlay is the",
                "total-variation distance between the action distributions with and without the blur (full at 0.25), the critic overlay",
                "|dV| in units of return (full at 0.25), linear; a policy that barely responds looks dark. per-clip: the paper's scores",
                "scaled by the clip's own running estimate (median of the per-frame 99.5th percentiles), labelled on every frame.",
                "fixed: the paper's scores with --saliency-scale (implied by it)."})
    String scaleMode;

    @Option(names = "--saliency-scale", paramLabel = "A[,C]", split = ",",
            description = "The fixed scale mode's values of the paper's scores drawn at full intensity (actor, critic), to compare agents on a chosen scale.")
    List<Double> saliencyScale;

    @Option(names = "--memory-scale", defaultValue = "0.99", description = "Memory perturbation of the reliance strip: the state is multiplied by this (default: ${DEFAULT-VALUE}).")
    double memoryScale;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write every composed frame as a PNG still into DIR.")
    Path png;

    @Option(names = "--out", required = true, paramLabel = "FILE.mp4", description = "The video to write (replaced if it exists).")
    Path out;

    @Mixin
    CommonOptions common;

    private int quality() {
        if (quality.equals("auto")) {
            return Mp4Writer.ADAPTIVE;
        }
        try {
            return Integer.parseInt(quality.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--quality must be auto or a quantiser 0..51, got '" + quality + "'");
        }
    }

    @Override
    public Integer call() throws Exception {
        Path agentFile = agent.file(game.game);
        AgentOptions.refuseMemoryScaleWithoutMemory(spec, agentFile);
        List<Double> fixedScale = saliencyScale == null || saliencyScale.isEmpty() ? null : saliencyScale;
        OverlayScale.Mode mode = scaleMode != null ? OverlayScale.Mode.parse(scaleMode, "scale_mode")
                : fixedScale != null ? OverlayScale.Mode.FIXED : OverlayScale.Mode.ABSOLUTE;
        Record.Settings s = new Record.Settings(agentFile, game.resolve(agentFile), seed.seed, start, frames, saliency.perturbation().withTarget(org.atarisaliency.saliency.PerturbTarget.parse(perturb)), fps, scale,
                String.join(",", overlay), ActionSelection.parse(policy), fixedScale,
                memoryScale, png, out, OverlayStyle.parse(overlayColors), quality(), !noPanel, objects, mode);
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
