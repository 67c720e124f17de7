package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;

/** The baseline: a map of uniform random values, compared with the actor's change. */
public final class RandomMethod implements SaliencyMethod {
    @Override
    public String name() {
        return "random";
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("random", "actor"));
    }

    @Override
    public void draw(MethodInputs in, Map<String, float[]> out) {
        float[] r = new float[in.size() * in.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) in.random().nextDouble();
        }
        out.put("random", r);
    }
}
