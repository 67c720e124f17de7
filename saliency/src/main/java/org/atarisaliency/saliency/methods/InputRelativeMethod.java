package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;
import org.atarisaliency.saliency.InputRelative;
import org.atarisaliency.saliency.SaliencyMap;

/** The perturbation map relative to the input ({@link InputRelative}), of the actor and the critic. */
public final class InputRelativeMethod implements SaliencyMethod {
    @Override
    public String name() {
        return "input-relative";
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("relative_actor", "actor"), new Output("relative_critic", "critic"));
    }

    @Override
    public void draw(MethodInputs in, Map<String, float[]> out) throws InterruptedException {
        SaliencyMap relative = InputRelative.of(in.request(), in.perturbationMap());
        out.put("relative_actor", relative.actorUpsampled());
        out.put("relative_critic", relative.criticUpsampled());
    }
}
