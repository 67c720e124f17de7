package org.atarisaliency.experiment;

import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.GameSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import java.util.Set;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.video.FrameComposer;
import org.atarisaliency.video.Mp4Writer;
import org.atarisaliency.video.OverlayStyle;

/** {@code video}: a saliency video of a frame range, as {@code record} makes it; writes video.mp4. */
final class VideoJob extends JobType {
    VideoJob() {
        super("video");
    }

    @Override
    Schema configSchema() {
        return Schema.of().integer("fps", 15, 1, Mp4Writer.MAX_FPS).integer("scale", 3, 1, FrameComposer.MAX_SCALE).integer("stride", 5, 1, 80)
                .number("radius", 5, 0.5, 80).choice("overlay", "actor,critic", List.of("actor,critic", "actor", "critic", "none"))
                .choice("policy", "greedy", ExperimentConfig.POLICIES).number("memory_scale", 0.99, 0, 10)
                .optional("objects", ConfigNode::bool);
    }

    @Override
    Set<String> specKeys() {
        return Set.of("agent", "frames");
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Record.run(settings(job, dir), (done, total, elapsed) -> progress.accept(done / (double) total));
        return null;
    }

    static Record.Settings settings(JobSpec job, Path dir) {
        Map<String, Object> s = job.section("settings");
        return new Record.Settings(job.agent(), Jobs.game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"),
                Perturbation.of(Jobs.integer(s, "stride"), Jobs.number(s, "radius")), Jobs.integer(s, "fps"), Jobs.integer(s, "scale"),
                String.valueOf(s.get("overlay")), Jobs.policy(s), null, Jobs.number(s, "memory_scale"), null, dir.resolve("video.mp4"),
                OverlayStyle.READABLE, Record.DEFAULT_QUALITY, true, Boolean.TRUE.equals(s.get("objects")));
    }

    /** Objects need the game's object model. */
    @Override
    void checkGame(ConfigNode where, String id, GameSpec spec, Map<String, Object> settings) {
        if (Boolean.TRUE.equals(settings.get("objects"))) {
            try {
                Record.checkObjects(spec);
            } catch (InvalidSettingException e) {
                throw where.error("game '" + id + "': video objects " + e.problem() + " (or set objects: false)");
            }
        }
    }

    /** One job per frame range. */
    @Override
    List<Map<String, Object>> specs(ExperimentConfig c, Map<String, Object> common, Map<String, Object> agent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExperimentConfig.FrameRange r : c.frames()) {
            Map<String, Object> s = ExperimentPlan.copy(common);
            s.put("agent", agent);
            s.put("frames", r.toJson());
            out.add(s);
        }
        return out;
    }
}
