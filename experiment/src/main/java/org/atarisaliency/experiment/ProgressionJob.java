package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
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
}
