package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.atarisaliency.pipelines.Memory;

/** {@code memory}: the memory-role analysis of a recurrent agent; writes memory.json, the chart and the NPY files. */
final class MemoryJob extends JobType {
    /** Memory analysis settings that configs do not expose: the top units listed and the recovery threshold. */
    static final int MEMORY_TOP_K = 10;
    static final double MEMORY_KL = 0.01;

    MemoryJob() {
        super("memory");
    }

    @Override
    Schema configSchema() {
        return Schema.of().integer("frames", 400, 10, 1_000_000).number("memory_scale", 0.99, 0, 10).number("noise", 0.1, 0, 10)
                .choice("policy", "sample", ExperimentConfig.POLICIES).integer("window", 2, 0, 100).integer("recovery_every", 40, 5, 1_000_000)
                .integers("ablation_periods", List.of(1L, 4L, 16L, 0L), 0, 1_000_000).integer("ablation_episodes", 5, 0, 1000)
                .integer("ablation_max_steps", 10_000, 1, 10_000_000).integer("stride", 5, 1, 80).number("radius", 5, 0.5, 80);
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        List<Integer> periods = new ArrayList<>();
        for (Object o : (List<?>) s.get("ablation_periods")) {
            periods.add(((Number) o).intValue());
        }
        Memory.run(new Memory.Settings(job.agent(), Jobs.game(job), job.seed(), Jobs.integer(s, "frames"), Jobs.number(s, "memory_scale"),
                Jobs.number(s, "noise"), Jobs.policy(s), MEMORY_TOP_K, Jobs.integer(s, "window"), Jobs.integer(s, "recovery_every"), MEMORY_KL,
                periods, Jobs.integer(s, "ablation_episodes"), Jobs.integer(s, "ablation_max_steps"), Jobs.integer(s, "stride"),
                Jobs.number(s, "radius"), dir), (text, fraction) -> progress.accept(fraction));
        return null;
    }
}
