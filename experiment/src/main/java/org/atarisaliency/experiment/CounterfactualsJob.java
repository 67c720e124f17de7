package org.atarisaliency.experiment;

import org.atarisaliency.env.GameObjects;
import org.atarisaliency.env.GameSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.atarisaliency.pipelines.settings.Declaration;

import org.atarisaliency.pipelines.Intervene;
import org.atarisaliency.saliency.counterfactual.Agreement;

/** {@code counterfactuals}: interventions on the game's objects against saliency ({@link Intervene}); its result is the agreement. Its settings are {@link Intervene#DECLARATION}. */
final class CounterfactualsJob extends JobType {
    CounterfactualsJob() {
        super("counterfactuals");
    }

    @Override
    Declaration declaration() {
        return Intervene.DECLARATION;
    }

    @Override
    Map<String, Object> run(JobSpec job, Path dir, DoubleConsumer progress) throws Exception {
        Intervene.Result r = Intervene.run(new Intervene.Settings(job.agent(), Jobs.game(job), job.seed(),
                Intervene.DECLARATION.values(job.section("settings")), dir), (text, fraction) -> progress.accept(fraction));
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        for (Agreement.Result a : r.results()) {
            result.put(a.method() + "_spearman", a.spearman());
            result.put(a.method() + "_auc", a.auc());
        }
        return result;
    }

    /** Interventions need the game's object model. */
    @Override
    void checkGame(ConfigNode where, String id, GameSpec spec, Map<String, Object> settings) {
        if (!GameObjects.supported(spec.rom())) {
            throw where.error("game '" + id + "' has no object model for the counterfactuals output (Pong, Breakout, SpaceInvaders);"
                    + " run it in an experiment of its own for those games");
        }
    }

    /** Interventions act on the game's own objects: the frames must be unmarked. */
    @Override
    void checkAgent(ExperimentConfig c, AgentFacts agent) {
        if (agent.hinted()) {
            throw agent.refuse("plays with hints; the counterfactuals output intervenes on the game's own objects and needs unmarked frames:"
                    + " leave out its hints");
        }
    }
}
