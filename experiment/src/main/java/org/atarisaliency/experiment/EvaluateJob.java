package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.pipelines.Evaluate;
import org.atarisaliency.pipelines.Provenance;

/** {@code evaluate}: the agent's score over whole episodes; writes evaluate.json. */
final class EvaluateJob extends JobType {
    EvaluateJob() {
        super("evaluate");
    }

    @Override
    Schema configSchema() {
        return Schema.of().integer("episodes", 10, 1, 10_000).integer("max_steps", 27_000, 1, 10_000_000)
                .choice("policy", "sample", ExperimentConfig.POLICIES).integer("parallel", 16, 1, 256);
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Map<String, Object> s = job.section("settings");
        Evaluate.Settings e = new Evaluate.Settings(job.agent(), Jobs.game(job), Jobs.integer(s, "episodes"), job.seed(), Jobs.policy(s),
                Jobs.integer(s, "max_steps"), Jobs.integer(s, "parallel"));
        Evaluator.Result r = Evaluate.run(e, new Evaluate.Listener() {
            @Override
            public void onStep(long steps, int finished) {
                progress.accept(finished / (double) e.episodes());
            }

            @Override
            public void onEpisode(Evaluator.Episode ep) {
            }
        });
        Provenance.writeJson(dir.resolve("evaluate.json"), Evaluate.toJson(e, r));
        return null;
    }
}
