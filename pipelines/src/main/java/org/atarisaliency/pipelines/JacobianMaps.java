package org.atarisaliency.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.JacobianMap;
import org.atarisaliency.saliency.JacobianSaliency;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Jacobian maps ({@link JacobianSaliency}): gradients at every input pixel, so the maps are at the input size and
 * the method has no settings; needs the single-channel A3C actor-critic.
 */
final class JacobianMaps implements MapMethod {
    private static final Declaration NONE = Declaration.of();

    @Override
    public String name() {
        return "jacobian";
    }

    @Override
    public String help() {
        return "gradients through SameDiff autodiff at 80x80: actor = 0.5*sum_a (dlogit_a/dI)^2, critic = |dV/dI|, chosen = |dlogit_a/dI| of"
                + " the greedy action";
    }

    @Override
    public Declaration declaration() {
        return NONE;
    }

    @Override
    public boolean needsGradients() {
        return true;
    }

    @Override
    public Map<String, Object> provenance(SettingValues values) {
        return new LinkedHashMap<>();
    }

    @Override
    public Maker open(Policy policy, SettingValues values) {
        return new Gradients(policy, new JacobianSaliency(policy));
    }

    /** The gradient graph of one policy. */
    private record Gradients(Policy policy, JacobianSaliency jacobian) implements Maker {
        @Override
        public FrameMaps explain(float[] input, RecurrentState state) {
            JacobianMap m = jacobian.compute(SaliencyRequest.of(input, state));
            return new FrameMaps(m.size(), m.allLogits(), m.critic(), m.chosen(), m.allLogits(), m.critic(), m.chosen(), m.action(),
                    policy.forward(input, state), Extras.NONE);
        }

        @Override
        public void close() {
            jacobian.close();
        }
    }
}
