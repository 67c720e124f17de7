package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;
import org.atarisaliency.saliency.SaliencyMap;

/** Perturbation saliency (Greydanus et al. 2018) of the actor and the critic ({@link org.atarisaliency.saliency.PerturbationSaliency}). */
public final class PerturbationMethod implements SaliencyMethod {
    @Override
    public String name() {
        return "perturbation";
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("perturbation_actor", "actor"), new Output("perturbation_critic", "critic"));
    }

    @Override
    public void draw(MethodInputs in, Map<String, float[]> out) throws InterruptedException {
        SaliencyMap sm = in.perturbationMap();
        out.put("perturbation_actor", sm.actorUpsampled());
        out.put("perturbation_critic", sm.criticUpsampled());
    }
}
