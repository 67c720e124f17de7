package org.atarisaliency.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

import org.atarisaliency.pipelines.Intervene;
import org.atarisaliency.saliency.counterfactual.Agreement;

/** {@code counterfactuals}: interventions on the game's objects against saliency ({@link Intervene}); its result is the agreement. Its settings are {@link Intervene#DECLARATION}. */
final class CounterfactualsJob extends JobType {
    CounterfactualsJob() {
        super("counterfactuals");
    }

    @Override
    Schema configSchema() {
        return Schema.of(Intervene.DECLARATION);
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
}
