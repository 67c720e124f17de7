package org.atarisaliency.agents;

import java.util.Locale;
import java.util.SplittableRandom;

/** How an action is chosen from the policy's output: greedy (arg-max) or sampled from the softmax. */
public enum ActionSelection {
    GREEDY, SAMPLE;

    /** Parses "greedy" or "sample" (case-insensitive). */
    public static ActionSelection parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown policy '" + s + "'; use greedy or sample");
        }
    }

    /** Chooses the action of row {@code i}; {@code rng} is used only when sampling. */
    public int choose(PolicyOutput out, int i, SplittableRandom rng) {
        if (this == GREEDY) {
            return out.greedyAction(i);
        }
        double[] p = out.probabilities(i);
        double u = rng.nextDouble();
        double acc = 0;
        for (int a = 0; a < p.length; a++) {
            acc += p[a];
            if (u < acc) {
                return a;
            }
        }
        return p.length - 1;
    }
}
