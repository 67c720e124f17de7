package org.atarisaliency.saliency.methods;

import java.util.List;
import java.util.Map;
import org.atarisaliency.saliency.JacobianMap;

/** Jacobian saliency ({@link org.atarisaliency.saliency.JacobianSaliency}): the chosen action, all logits, the critic. */
public final class JacobianMethod implements SaliencyMethod {
    @Override
    public String name() {
        return "jacobian";
    }

    @Override
    public List<Output> outputs() {
        return List.of(new Output("jacobian_chosen", "chosen"), new Output("jacobian_all_logits", "actor"),
                new Output("jacobian_critic", "critic"));
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public void draw(MethodInputs in, Map<String, float[]> out) {
        JacobianMap jm = in.jacobianMap();
        out.put("jacobian_chosen", jm.chosen());
        out.put("jacobian_all_logits", jm.allLogits());
        out.put("jacobian_critic", jm.critic());
    }
}
