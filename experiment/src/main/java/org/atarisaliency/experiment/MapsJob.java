package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.MapMethods;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;

/** {@code maps}: saliency maps of a frame range by one method; writes the maps as NPY. */
final class MapsJob extends JobType {
    MapsJob() {
        super("maps");
    }

    @Override
    Declaration declaration() {
        return Maps.DECLARATION;
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
        MapMethod method = method(m);
        return new Maps.Settings(job.agent(), Jobs.game(job), job.seed(), job.integer("frames", "start"), job.integer("frames", "count"), method,
                method.declaration().values(settingsOf(m, method)), Maps.DECLARATION.values(s), dir);
    }

    /** The map method a method section names. */
    private static MapMethod method(Map<String, Object> section) {
        return MapMethods.get((String) section.get("method"));
    }

    /** A method section's settings (without its name and label). */
    private static Map<String, Object> settingsOf(Map<String, Object> section, MapMethod method) {
        Map<String, Object> m = new LinkedHashMap<>(section);
        m.keySet().retainAll(method.declaration().settings().stream().map(Setting::key).toList());
        return m;
    }

    /** Methods that need input gradients need the single-frame A3C actor-critic. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        for (ExperimentConfig.Method m : c.methods()) {
            MapMethod method = method(m.settings());
            if (method.needsGradients() && !agent.actorCritic()) {
                String title = Character.toUpperCase(method.name().charAt(0)) + method.name().substring(1);
                throw agent.refuse("is " + agent.network() + "; " + title + " maps need the single-frame A3C actor-critic (baby-a3c or"
                        + " visualize_atari); leave them out for this agent's experiment");
            }
        }
    }

    /** One job per frame range and method. */
    @Override
    List<Map<String, Object>> specs(ExperimentConfig c, Map<String, Object> common, Map<String, Object> agent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExperimentConfig.FrameRange r : c.frames()) {
            for (ExperimentConfig.Method m : c.methods()) {
                Map<String, Object> s = ExperimentPlan.copy(common);
                s.put("agent", agent);
                s.put("frames", r.toJson());
                Map<String, Object> method = new LinkedHashMap<>(m.settings());
                method.put("label", m.label());
                s.put("method", method);
                out.add(s);
            }
        }
        return out;
    }
}
