package org.atarisaliency.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.video.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code record}: an annotated saliency video of an agent playing, with per-frame data beside it. */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play an agent and record an annotated saliency video (H.264 MP4): actor",
            "saliency in blue, critic in red, with a panel showing step, score, action",
            "probabilities, value and memory reliance. Beside the video (same stem):",
            "STEM.actor.npy, STEM.critic.npy (T x 80 x 80), STEM.memory.npy (T x parts x",
            "6: scale/remove/noise x actor/critic), STEM.steps.csv and STEM.run.json.",
            "Everything is written under temporary names and renamed only when the clip",
            "is complete."})
public final class RecordCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--agent", required = true, paramLabel = "FILE", description = "Agent checkpoint.")
    Path agent;

    @Mixin
    GameOptions game;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the emulator and of sampled actions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "0", description = "Agent steps played (fast, without saliency) before the clip (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(names = "--frames", defaultValue = "300", description = "Steps in the clip (default: ${DEFAULT-VALUE}); it ends earlier if the episode does.")
    int frames;

    @Option(names = "--stride", defaultValue = "5", description = "Saliency grid spacing d (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--radius", defaultValue = "5", description = "Saliency mask radius r (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--fps", defaultValue = "15", description = "Video frames per second (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--scale", defaultValue = "3", description = "Nearest-neighbour magnification of the 160x210 screen (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--overlay", defaultValue = "actor,critic", split = ",", paramLabel = "actor,critic",
            description = "Which saliency to draw: actor (blue), critic (red), both, or none (default: ${DEFAULT-VALUE}).")
    List<String> overlay;

    @Option(names = "--policy", defaultValue = "greedy", paramLabel = "greedy|sample", description = "How the agent picks actions (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--saliency-scale", paramLabel = "A[,C]", split = ",",
            description = "Fixed saliency values drawn at full intensity (actor, critic), to compare agents on one scale; default: a running per-clip estimate (median of the per-frame 99.5th percentiles).")
    List<Double> saliencyScale;

    @Option(names = "--memory-scale", defaultValue = "0.99", description = "Memory perturbation of the reliance strip: the state is multiplied by this (default: ${DEFAULT-VALUE}).")
    double memoryScale;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write every composed frame as a PNG still into DIR.")
    Path png;

    @Option(names = "--out", required = true, paramLabel = "FILE.mp4", description = "The video to write.")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ActionSelection selection = ActionSelection.parse(policy);
        boolean actor = false, critic = false;
        for (String o : overlay) {
            switch (o.trim().toLowerCase(Locale.ROOT)) {
                case "actor" -> actor = true;
                case "critic" -> critic = true;
                case "none", "" -> { }
                default -> throw new IllegalArgumentException("unknown --overlay '" + o + "'; use actor, critic, both (actor,critic) or none");
            }
        }
        double aScale = Double.NaN, cScale = Double.NaN;
        if (saliencyScale != null && !saliencyScale.isEmpty()) {
            aScale = saliencyScale.get(0);
            cScale = saliencyScale.size() > 1 ? saliencyScale.get(1) : saliencyScale.get(0);
        }
        GameOptions.Resolved g = game.resolve();
        int actions;
        try (AtariEnv probe = AtariEnv.open(g.spec(), g.rom(), 0, 0)) {
            actions = probe.actionCount();
        }
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        try (Policy p = Agents.loadPolicy(agent, actions)) {
            String title = g.spec().id() + " - " + agent.getFileName();
            Recorder.Settings s = new Recorder.Settings(g.spec(), g.rom(), seed, start, frames, stride, radius, fps, scale, actor, critic,
                    selection, aScale, cScale, png, out, memoryScale, title);
            Recorder.Result r = Recorder.record(p, s, (done, total, elapsed) -> {
                double rate = done / Math.max(elapsed, 1e-9);
                progress.fraction(done / (double) total);
                progress.show(String.format("%s %d/%d frames  %.1f frames/s  ETA %s", ProgressLine.bar(done, total, 24), done, total, rate,
                        ProgressLine.duration((total - done) / Math.max(rate, 1e-9))), done == total);
            });
            progress.finish();
            Map<String, Object> run = Provenance.base(agent);
            run.put("command", "record");
            run.put("game", g.spec().id());
            run.put("rom", g.rom().toString());
            run.put("rom_md5", AtariEnv.md5(g.rom()));
            run.put("frame_skip", g.spec().frameSkipText());
            run.put("repeat_action_probability", (double) g.spec().repeatActionProbability());
            run.put("seed", seed);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("start", start);
            settings.put("frames", frames);
            settings.put("stride", stride);
            settings.put("radius", radius);
            settings.put("blur", 3.0);
            settings.put("mode", "occlude");
            settings.put("fps", fps);
            settings.put("scale", scale);
            settings.put("overlay", String.join(",", overlay));
            settings.put("policy", selection.name().toLowerCase(Locale.ROOT));
            settings.put("memory_scale", memoryScale);
            settings.put("saliency_scale", saliencyScale == null ? "running per-clip estimate (median of the per-frame 99.5th percentiles)" : saliencyScale.toString());
            settings.put("preprocessing", p.preprocessor().describe());
            settings.put("agent_network", p.describe());
            run.put("settings", settings);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("frames_recorded", r.frames());
            result.put("ended_early", r.endedEarly());
            result.put("score_at_end", r.score());
            result.put("video_size", r.width() + "x" + r.height());
            result.put("actor_scale", r.actorScale());
            result.put("critic_scale", r.criticScale());
            result.put("memory_columns", List.of("scale_actor", "scale_critic", "remove_actor", "remove_critic", "noise_actor", "noise_critic"));
            result.put("memory_parts", p.stateNames());
            run.put("result", result);
            Map<String, Object> timings = new LinkedHashMap<>();
            timings.put("total_seconds", r.seconds());
            timings.put("env_seconds", r.envSeconds());
            timings.put("saliency_seconds", r.saliencySeconds());
            timings.put("memory_seconds", r.memorySeconds());
            timings.put("compose_seconds", r.composeSeconds());
            timings.put("encode_seconds", r.encodeSeconds());
            run.put("timings", timings);
            Provenance.writeJson(s.beside("run.json"), run);
            if (!common.quiet) {
                err.printf("recorded %d frames in %.1f s (%.1f frames/s): env %.1f s, saliency %.1f s, memory %.1f s, compose %.1f s, encode %.1f s -> %s%n",
                        r.frames(), r.seconds(), r.frames() / r.seconds(), r.envSeconds(), r.saliencySeconds(), r.memorySeconds(),
                        r.composeSeconds(), r.encodeSeconds(), out);
                err.flush();
            }
        }
        return ExitCodes.OK;
    }
}
