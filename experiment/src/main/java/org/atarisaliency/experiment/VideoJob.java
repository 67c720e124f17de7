package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

import java.util.Set;
import org.atarisaliency.pipelines.Record;

/**
 * {@code video}: a saliency video of a frame range, as {@code record} makes it; writes video.mp4. Its settings are
 * {@link Record#DECLARATION}, with record's defaults (a grid's video is the command's video).
 */
final class VideoJob extends JobType {
    VideoJob() {
        super("video");
    }

    @Override
    Schema configSchema() {
        return Schema.of(Record.DECLARATION);
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
}
