package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Progression;

/**
 * {@code progression}: one trajectory of the reference agent replayed by every checkpoint (learning
 * progression); not per agent, its spec lists the checkpoints; its result is the comparison.
 */
final class ProgressionJob extends JobType {
    ProgressionJob() {
        super("progression");
    }

    @Override
    Schema configSchema() {
        return Schema.of().custom("reference", null, n -> n.name(ExperimentConfig.NAME, "an agent label"))
                .custom("checkpoints", null, n -> {
                    List<Object> labels = new ArrayList<>();
                    for (ConfigNode item : n.list()) {
                        labels.add(item.name(ExperimentConfig.NAME, "an agent label"));
                    }
                    return labels;
                }).plus(specSchema());
    }

    @Override
    Declaration declaration() {
        return Progression.DECLARATION;
    }

    /** A job's settings: the output's, less the labels (they become the job's reference and checkpoints). */
    @Override
    Schema specSchema() {
        return Schema.of(Progression.DECLARATION);
    }

    @Override
    Set<String> specKeys() {
        return Set.of("reference", "checkpoints", "frames");
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        Game game = Jobs.game(job);
        int actions = game.actionCount();
        List<Progression.Checkpoint> checkpoints = new ArrayList<>();
        int reference = -1;
        try {
            for (Map<String, Object> a : job.list("checkpoints")) {
                String label = String.valueOf(a.get("label"));
                if (label.equals(job.spec().get("reference"))) {
                    reference = checkpoints.size();
                }
                Policy p = Agents.loadPolicy(Path.of(String.valueOf(a.get("file"))), actions);
                checkpoints.add(new Progression.Checkpoint(label, p));
            }
            Progression.Settings settings = new Progression.Settings(game, job.seed(), job.integer("frames", "start"),
                    job.integer("frames", "count"), Progression.DECLARATION.values(s), dir);
            return Progression.run(checkpoints, reference, settings, (phase, f) -> progress.accept(f)).toJson();
        } finally {
            for (Progression.Checkpoint c : checkpoints) {
                c.policy().close();
            }
        }
    }

    /** Learning progression is hinted-frame free: it replays one unhinted trajectory. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        if (agent.hinted()) {
            throw agent.refuse("plays with hints; learning progression replays one unhinted trajectory: leave progression out of this experiment");
        }
    }

    @Override
    boolean perAgent() {
        return false;
    }

    /** One job per game with two or more of the listed checkpoints, seed and frame range. */
    @Override
    List<JobSpec> planOwnJobs(ExperimentConfig c, Map<String, Map<String, Object>> games, Map<String, Map<String, Object>> agents) {
        Map<String, Object> settings = c.outputs().get("progression");
        @SuppressWarnings("unchecked")
        List<Object> wanted = (List<Object>) settings.get("checkpoints");
        List<JobSpec> jobs = new ArrayList<>();
        for (String game : games.keySet()) {
            List<ExperimentConfig.Agent> on = new ArrayList<>();
            for (ExperimentConfig.Agent a : c.agents()) {
                if (c.gamesOf(a).contains(game) && (wanted == null || wanted.contains(a.label()))) {
                    on.add(a);
                }
            }
            if (wanted != null) {
                on.sort((x, y) -> Integer.compare(wanted.indexOf(x.label()), wanted.indexOf(y.label())));
            }
            if (on.size() < 2) {
                continue;
            }
            String reference = settings.get("reference") != null ? (String) settings.get("reference") : on.get(on.size() - 1).label();
            if (on.stream().noneMatch(a -> a.label().equals(reference))) {
                continue;
            }
            for (long seed : c.seeds()) {
                for (ExperimentConfig.FrameRange r : c.frames()) {
                    Map<String, Object> s = ExperimentPlan.common("progression", games.get(game), seed, settings);
                    s.put("reference", reference);
                    s.put("checkpoints", on.stream().map(a -> ExperimentPlan.agentRef(agents.get(a.label()))).toList());
                    s.put("frames", r.toJson());
                    jobs.add(JobSpec.of(s));
                }
            }
        }
        if (jobs.isEmpty()) {
            throw c.outputNode("progression").error("no game has two or more of the listed checkpoints"
                    + (settings.get("reference") != null ? " including the reference '" + settings.get("reference") + "'" : "")
                    + "; list agent labels of one game under 'checkpoints'");
        }
        return jobs;
    }

}
