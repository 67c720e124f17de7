package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.settings.Declaration;

import org.atarisaliency.agents.play.Evaluator;
import org.atarisaliency.pipelines.Evaluate;
import org.atarisaliency.pipelines.Provenance;

/** {@code evaluate}: the agent's score over whole episodes; writes evaluate.json. */
final class EvaluateJob extends JobType {
    EvaluateJob() {
        super("evaluate");
    }

    @Override
    Declaration declaration() {
        return Evaluate.DECLARATION;
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Evaluate.Settings e = new Evaluate.Settings(job.agent(), Jobs.game(job), job.seed(), Evaluate.DECLARATION.values(job.section("settings")));
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
