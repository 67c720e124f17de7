package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.settings.Declaration;

import org.atarisaliency.pipelines.Memory;

/** {@code memory}: the memory-role analysis of a recurrent agent; writes memory.csv, summary.json and the chart. Its settings are {@link Memory#DECLARATION}. */
final class MemoryJob extends JobType {
    MemoryJob() {
        super("memory");
    }

    @Override
    Declaration declaration() {
        return Memory.DECLARATION;
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Memory.run(new Memory.Settings(job.agent(), Jobs.game(job), job.seed(), Memory.DECLARATION.values(job.section("settings")), dir),
                (text, fraction) -> progress.accept(fraction));
        return null;
    }
}
