package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.Perturbation;
import org.atarisaliency.pipelines.settings.Declaration;

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

    /** Jacobian maps need the single-frame A3C actor-critic. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        boolean jacobian = c.methods().stream().anyMatch(x -> x.settings().get("method").equals("jacobian"));
        if (jacobian && !agent.actorCritic()) {
            throw agent.refuse("is " + agent.network() + "; Jacobian maps need the single-frame A3C actor-critic (baby-a3c or visualize_atari);"
                    + " leave them out for this agent's experiment");
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
