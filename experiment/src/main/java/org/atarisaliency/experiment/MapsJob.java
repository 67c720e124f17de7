package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

import java.util.Set;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.Perturbation;

/** {@code maps}: saliency maps of a frame range by one method; writes the maps as NPY. */
final class MapsJob extends JobType {
    MapsJob() {
        super("maps");
    }

    @Override
    Schema configSchema() {
        return Schema.of(Maps.DECLARATION);
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
        Perturbation p = m.get("method").equals("perturbation") ? Perturbation.of(Perturbation.DECLARATION.values(settingsOf(m))) : null;
        return new Maps.Settings(job.agent(), Jobs.game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"), p,
                Maps.DECLARATION.values(s), dir);
    }

    /** A method section's perturbation settings (without its name and label). */
    private static Map<String, Object> settingsOf(Map<String, Object> method) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(method);
        m.keySet().retainAll(Perturbation.DECLARATION.settings().stream().map(org.atarisaliency.pipelines.settings.Setting::key).toList());
        return m;
    }
}
