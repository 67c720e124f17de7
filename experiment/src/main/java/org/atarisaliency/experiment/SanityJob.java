package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.atarisaliency.pipelines.Provenance;
import org.atarisaliency.pipelines.Sanity;
import org.atarisaliency.pipelines.settings.Declaration;

/** {@code sanity}: the saliency sanity checks ({@link Sanity}); writes sanity.json. Its settings are {@link Sanity#DECLARATION}. */
final class SanityJob extends JobType {
    SanityJob() {
        super("sanity");
    }

    @Override
    Declaration declaration() {
        return Sanity.DECLARATION;
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Sanity.Settings q = new Sanity.Settings(job.agent(), Jobs.game(job), job.seed(), Sanity.DECLARATION.values(job.section("settings")));
        Provenance.writeJson(dir.resolve("sanity.json"), Sanity.toJson(q, Sanity.run(q, line -> { })));
        return null;
    }

    /** The sanity checks need the single-frame A3C actor-critic. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        if (!agent.actorCritic()) {
            throw agent.refuse("is " + agent.network() + "; the sanity checks need the single-frame A3C actor-critic (baby-a3c or visualize_atari);"
                    + " leave them out for this agent's experiment");
        }
    }
}
