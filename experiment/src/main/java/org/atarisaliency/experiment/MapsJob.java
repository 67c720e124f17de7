package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import java.util.Set;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.saliency.PerturbationMode;

/** {@code maps}: saliency maps of a frame range by one method; writes the maps as NPY. */
final class MapsJob extends JobType {
    MapsJob() {
        super("maps");
    }

    @Override
    Schema configSchema() {
        return Schema.of().choice("policy", "greedy", ExperimentConfig.POLICIES).custom("frames_npy", true, ConfigNode::bool);
    }

    @Override
    Set<String> specKeys() {
        return Set.of("agent", "frames", "method");
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Maps.run(settings(job, dir), progress);
        return null;
    }

    static Maps.Settings settings(JobSpec job, Path dir) {
        Map<String, Object> m = job.section("method");
        Map<String, Object> s = job.section("settings");
        Perturbation p = m.get("method").equals("perturbation")
                ? new Perturbation(Jobs.integer(m, "stride"), Jobs.number(m, "radius"), Jobs.number(m, "blur"),
                        PerturbationMode.parse(String.valueOf(m.get("mode"))))
                : null;
        return new Maps.Settings(job.agent(), Jobs.game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"), p,
                Jobs.policy(s), Boolean.TRUE.equals(s.get("frames_npy")), dir);
    }
}
