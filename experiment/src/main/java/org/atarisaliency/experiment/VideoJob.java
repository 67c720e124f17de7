package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.settings.Declaration;

/**
 * {@code video}: a saliency video of a frame range, as {@code record} makes it; writes video.mp4. Its settings are
 * {@link Record#DECLARATION}, with record's defaults (a grid's video is the command's video).
 */
final class VideoJob extends JobType {
    VideoJob() {
        super("video");
    }

    @Override
    Declaration declaration() {
        return Record.DECLARATION;
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
        return new Record.Settings(job.agent(), Jobs.game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"),
                Record.DECLARATION.values(job.section("settings")), null, null, dir.resolve("video.mp4"));
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
