package org.atarisaliency.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.atarisaliency.saliency.PerturbTarget;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * How perturbation saliency blurs a frame (Greydanus et al. 2018), shared by every pipeline that
 * makes maps: grid stride d, mask radius r, blur sigma, occlude or searchlight, and for frame-stack
 * agents whether the newest frame only (the default) or the whole stack is perturbed.
 */
public record Perturbation(int stride, double radius, double blur, PerturbationMode mode, PerturbTarget target) {
    /** The paper's settings: d = 5, r = 5, blur 3, occlude. */
    public static final Perturbation PAPER = new Perturbation(SaliencyRequest.DEFAULT_STRIDE, SaliencyRequest.DEFAULT_RADIUS,
            SaliencyRequest.DEFAULT_BLUR, PerturbationMode.OCCLUDE);

    /** Perturbing the newest frame only. */
    public Perturbation(int stride, double radius, double blur, PerturbationMode mode) {
        this(stride, radius, blur, mode, PerturbTarget.NEWEST);
    }

    public Perturbation {
        java.util.Objects.requireNonNull(target, "target");
        SharedSettings.STRIDE.check(stride);
        SharedSettings.RADIUS.check(radius);
        SharedSettings.BLUR.check(blur);
    }

    /** A perturbation method's settings (an experiment config's {@code methods: - {method: perturbation, ...}}). */
    public static final Declaration DECLARATION = Declaration.of(SharedSettings.STRIDE, SharedSettings.RADIUS, SharedSettings.BLUR,
            SharedSettings.MODE);

    /**
     * The perturbation that settings declaring {@link SharedSettings#STRIDE} and {@link SharedSettings#RADIUS} (and maybe
     * {@link SharedSettings#BLUR}, {@link SharedSettings#MODE}, {@link SharedSettings#PERTURB}) give: the paper's blur, occlusion
     * and the newest frame for those not declared.
     */
    public static Perturbation of(SettingValues v) {
        Declaration d = v.declaration();
        double blur = d.setting(SharedSettings.BLUR.key()) != null ? v.number(SharedSettings.BLUR) : SaliencyRequest.DEFAULT_BLUR;
        PerturbationMode mode = d.setting(SharedSettings.MODE.key()) != null ? PerturbationMode.parse(v.get(SharedSettings.MODE))
                : PerturbationMode.OCCLUDE;
        PerturbTarget target = d.setting(SharedSettings.PERTURB.key()) != null ? PerturbTarget.parse(v.get(SharedSettings.PERTURB))
                : PerturbTarget.NEWEST;
        return new Perturbation(v.integer(SharedSettings.STRIDE), v.number(SharedSettings.RADIUS), blur, mode, target);
    }

    /** The paper's blur and mode with another stride and radius. */
    public static Perturbation of(int stride, double radius) {
        return new Perturbation(stride, radius, SaliencyRequest.DEFAULT_BLUR, PerturbationMode.OCCLUDE);
    }

    /** The request for one frame. */
    public SaliencyRequest request(float[] input, RecurrentState state) {
        return new SaliencyRequest(input, state, stride, radius, blur, mode, 257, target);
    }

    /**
     * Refuses {@link PerturbTarget#STACK} for an agent without a frame stack (no state part
     * {@value PerturbTarget#FRAMES}: an A3C GRU / LSTM, or a single-frame feed-forward agent), before anything runs.
     */
    public void checkAgent(org.atarisaliency.agents.Policy policy) {
        if (target == PerturbTarget.STACK && !policy.stateNames().contains(PerturbTarget.FRAMES)) {
            throw new InvalidSettingException("perturb", "stack needs an agent with a frame stack; " + policy.describe() + " has "
                    + (policy.stateNames().isEmpty() ? "none" : "the recurrent state " + policy.stateNames() + " instead"), "newest");
        }
    }

    /** The same with another target. */
    public Perturbation withTarget(PerturbTarget t) {
        return new Perturbation(stride, radius, blur, mode, t);
    }

    /** stride, radius, blur, mode, perturb (newest or stack). */
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stride", stride);
        m.put("radius", radius);
        m.put("blur", blur);
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("perturb", target.label());
        return m;
    }
}
