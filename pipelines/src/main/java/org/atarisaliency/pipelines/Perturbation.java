package org.atarisaliency.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.saliency.PerturbationMode;
import org.atarisaliency.saliency.SaliencyRequest;

/**
 * How perturbation saliency blurs a frame (Greydanus et al. 2018), shared by every pipeline that
 * makes maps: grid stride d, mask radius r, blur sigma, occlude or searchlight.
 */
public record Perturbation(int stride, double radius, double blur, PerturbationMode mode) {
    /** The paper's settings: d = 5, r = 5, blur 3, occlude. */
    public static final Perturbation PAPER = new Perturbation(SaliencyRequest.DEFAULT_STRIDE, SaliencyRequest.DEFAULT_RADIUS,
            SaliencyRequest.DEFAULT_BLUR, PerturbationMode.OCCLUDE);

    public Perturbation {
        InvalidSettingException.checkAtLeast("stride", stride, 1);
        if (!(radius > 0) || radius > 1000) {
            throw new InvalidSettingException("radius", "must be a finite number in (0, 1000], got " + radius);
        }
        if (!(blur >= 0) || Double.isInfinite(blur)) {
            throw new InvalidSettingException("blur", "must be a finite number >= 0, got " + blur);
        }
    }

    /** The paper's blur and mode with another stride and radius. */
    public static Perturbation of(int stride, double radius) {
        return new Perturbation(stride, radius, SaliencyRequest.DEFAULT_BLUR, PerturbationMode.OCCLUDE);
    }

    /** The request for one frame. */
    public SaliencyRequest request(float[] input, RecurrentState state) {
        return new SaliencyRequest(input, state, stride, radius, blur, mode, 257);
    }

    /** stride, radius, blur, mode. */
    public Map<String, Object> provenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stride", stride);
        m.put("radius", radius);
        m.put("blur", blur);
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
