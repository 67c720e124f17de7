package org.atarisaliency.agents.play;

import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.SplitMix;
import org.atarisaliency.env.Hints;

/**
 * Where the hint strip's hinted action comes from (Greydanus et al. 2018, section 4.4): an expert
 * that sees every unmarked frame in order and hints its greedy action (the "overfit" agent's
 * hints), or a uniformly random action (the control's). {@link #mark} asks for the hint on the
 * unmarked frame, then draws the strip on it, before the agent sees it.
 */
public interface HintSource extends AutoCloseable {

    /** The hinted action for this unmarked frame; called once per step, in order. */
    int hint(byte[] rgb);

    /** A new episode begins (an expert's memory starts again). */
    void reset();

    /** One line for provenance: "random" or "expert: DESCRIPTION". */
    String describe();

    @Override
    default void close() {
    }

    /** Asks for the hint on the unmarked {@code rgb}, then draws the strip into it. */
    default void mark(byte[] rgb, int actions) {
        Hints.draw(rgb, hint(rgb), actions);
    }

    /** Uniformly random hints of episode {@code episode} of a run with {@code seed} ({@link Seeds#hints}). */
    static HintSource random(int actions, long seed, int episode) {
        SplitMix rng = new SplitMix(Seeds.hints(seed, episode));
        return new HintSource() {
            @Override
            public int hint(byte[] rgb) {
                return (int) Long.remainderUnsigned(rng.nextLong(), actions);
            }

            @Override
            public void reset() {
            }

            @Override
            public String describe() {
                return "random";
            }
        };
    }

    /** The expert's greedy action on each unmarked frame, its memory carried along the episode; the source closes the expert. */
    static HintSource expert(Policy expert) {
        return new HintSource() {
            private RecurrentState state = expert.initialState(1);
            private final float[] x = new float[expert.preprocessor().length()];

            @Override
            public int hint(byte[] rgb) {
                expert.preprocessor().apply(rgb, x, 0);
                PolicyOutput out = expert.forward(x, state);
                state = out.next();
                return out.greedyAction(0);
            }

            @Override
            public void reset() {
                state = expert.initialState(1);
            }

            @Override
            public String describe() {
                return "expert: " + expert.describe();
            }

            @Override
            public void close() {
                expert.close();
            }
        };
    }
}
