package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;

/** The perturbation map of the chosen action's log-probability. */
public final class ChosenActionMethod implements SaliencyMethod {
    @Override
    public String name() {
        return "chosen-action";
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("chosen_action", "chosen"));
    }

    @Override
    public void draw(MethodInputs in, Map<String, float[]> out) throws InterruptedException {
        out.put("chosen_action", in.perturbationMap().chosenUpsampled());
    }
}
