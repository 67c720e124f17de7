package org.atarisaliency.cli.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.video.LearningProgression;

/** A learning-progression job: the checkpoints' saliency on one reference trajectory, side by side. */
final class ProgressionJob {
    private ProgressionJob() {
    }

    /** Runs it; returns the per-checkpoint results for the job's record. */
    static Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        Path rom = job.rom();
        GameSpec game = job.game();
        int actions;
        try (AtariEnv probe = AtariEnv.open(game, rom, 0, 0)) {
            actions = probe.actionCount();
        }
        List<LearningProgression.Checkpoint> checkpoints = new ArrayList<>();
        int reference = -1;
        try {
            for (Map<String, Object> a : job.list("checkpoints")) {
                String label = String.valueOf(a.get("label"));
                if (label.equals(job.spec().get("reference"))) {
                    reference = checkpoints.size();
                }
                checkpoints.add(new LearningProgression.Checkpoint(label, Agents.loadPolicy(Path.of(String.valueOf(a.get("file"))), actions)));
            }
            LearningProgression.Settings settings = new LearningProgression.Settings(game, rom, job.seed(), job.integer("frames", "start"),
                    job.integer("frames", "count"), ((Number) s.get("stride")).intValue(), ((Number) s.get("radius")).doubleValue(),
                    ActionSelection.parse(String.valueOf(s.get("policy"))), ((Number) s.get("fps")).intValue(), ((Number) s.get("scale")).intValue(), dir);
            LearningProgression.Result r = LearningProgression.run(checkpoints, reference, settings, (phase, f) -> progress.accept(f));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frames", r.frames());
            m.put("ended_early", r.endedEarly());
            m.put("reference_score", r.score());
            List<Object> cps = new ArrayList<>();
            for (LearningProgression.CheckpointResult c : r.checkpoints()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("label", c.label());
                e.put("agreement_with_reference", c.agreement());
                e.put("actor_scale", c.actorScale());
                e.put("critic_scale", c.criticScale());
                cps.add(e);
            }
            m.put("checkpoints", cps);
            return m;
        } finally {
            for (LearningProgression.Checkpoint c : checkpoints) {
                c.policy().close();
            }
        }
    }
}
