package org.atarisaliency.saliency;

import java.util.Locale;

/**
 * Which frames a mask perturbs for an agent that sees a stack of frames (the newest frame is its
 * observation, the older ones the state part {@value #FRAMES}).
 */
public enum PerturbTarget {
    /** Only the observation, the newest frame (the default; the only choice without a frame stack). */
    NEWEST,
    /** The observation and every older frame in the state, each blended with its own blur under the same mask. */
    STACK;

    /** The state part holding the older frames of a frame-stack agent (RL4J, SB3 / CleanRL). */
    public static final String FRAMES = "frames";

    /** Parses "newest" or "stack". */
    public static PerturbTarget parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new org.atarisaliency.env.InvalidSettingException("perturb", "must be newest or stack, got '" + s + "'");
        }
    }

    /** "newest" or "stack". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
