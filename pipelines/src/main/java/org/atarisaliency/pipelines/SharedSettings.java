package org.atarisaliency.pipelines;

import java.util.List;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * Settings that several pipelines share, declared once: the perturbation's grid, mask and blur, and
 * how the agent picks its actions. A pipeline that shares one with another default says so with
 * {@link Setting#withDefault}.
 */
public final class SharedSettings {
    /** The saliency grid's spacing d (Greydanus et al.: 5); more than the 80-pixel frame has no meaning. */
    public static final Setting<Long> STRIDE = Setting.integer("stride", SaliencyRequest.DEFAULT_STRIDE, 1, 80,
            "Saliency grid spacing d").unit("pixels of the 80x80 frame");
    /** The mask's radius r (the paper's 5); below 0.5 a mask touches almost no pixel, above 80 it covers the frame. */
    public static final Setting<Double> RADIUS = Setting.number("radius", SaliencyRequest.DEFAULT_RADIUS, 0.5, 80,
            "Saliency mask radius r").unit("pixels of the 80x80 frame");
    /** The blur's sigma (the paper's 3). */
    public static final Setting<Double> BLUR = Setting.number("blur", SaliencyRequest.DEFAULT_BLUR, 0, 80,
            "Sigma of the blur the masks blend in").unit("pixels of the 80x80 frame");
    /** greedy (the most probable action) or sample (from the policy, as trained). */
    public static final Setting<String> POLICY = Setting.choice("policy", "greedy", List.of("greedy", "sample"),
            "How the agent picks actions: greedy (the most probable) or sample (as trained)");
    /** The memory perturbation: the recurrent state is multiplied by this (0.99: the paper's 1 percent decrease). */
    public static final Setting<Double> MEMORY_SCALE = Setting.number("memory_scale", 0.99, 0, 10,
            "The memory is multiplied by this (0.99: the paper's 1 percent decrease)");

    private SharedSettings() {
    }

    /** The action choice a policy setting's value names. */
    public static ActionSelection selection(String policy) {
        return ActionSelection.parse(policy);
    }
}
