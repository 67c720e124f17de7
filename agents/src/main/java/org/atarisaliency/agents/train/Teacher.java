package org.atarisaliency.agents.train;

import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.play.Seeds;
import org.atarisaliency.env.SplitMix;
import org.atarisaliency.env.Hints;

/**
 * The expert of an imitation run (Greydanus et al. 2018, section 4.4): it sees every environment's
 * unmarked frame (one batched forward, its memory carried along each episode) and labels it with
 * its greedy action; then the hint strip is drawn on the frame the student will see, showing the
 * expert's action ({@link Mode#EXPERT}, the "overfit" agent) or a uniformly random one
 * ({@link Mode#RANDOM}, the control).
 */
public final class Teacher {

    /** What the hint strip shows. */
    public enum Mode { EXPERT, RANDOM }

    private final Policy expert;
    private final Mode mode;
    private final SplitMix[] rngs;
    private RecurrentState memory;

    /** @param seed  the run's seed; env i's random hints draw from child seed (seed, "hints", i) */
    public Teacher(Policy expert, Mode mode, int envs, long seed) {
        this.expert = expert;
        this.mode = mode;
        this.rngs = new SplitMix[envs];
        for (int i = 0; i < envs; i++) {
            rngs[i] = new SplitMix(Seeds.hints(seed, i));
        }
        this.memory = expert.initialState(envs);
    }

    /**
     * What a resumed imitation run needs of the teacher: the expert's memory and each env's hint RNG.
     *
     * @param memory     the expert's recurrent state, one row per environment
     * @param rngStates  each environment's random-hint generator
     */
    public record State(RecurrentState memory, long[] rngStates) {
    }

    /** A copy of the teacher's state. */
    public State state() {
        long[] r = new long[rngs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = rngs[i].state();
        }
        return new State(memory.copy(), r);
    }

    /** Continues from {@link #state()} of a teacher with the same expert and number of environments. */
    public void restore(State s) {
        if (s.rngStates().length != rngs.length || s.memory().batch() != rngs.length) {
            throw new IllegalArgumentException("the saved teacher has " + s.rngStates().length + " environments, this run " + rngs.length);
        }
        for (int i = 0; i < rngs.length; i++) {
            rngs[i].setState(s.rngStates()[i]);
        }
        memory = s.memory().copy();
    }

    /**
     * Labels the unmarked frames (one per environment) with the expert's greedy actions, then draws
     * each frame's hint strip in place.
     *
     * @param newEpisode  per environment: the frame starts an episode (the expert's memory starts at zero)
     */
    public int[] labelAndMark(byte[][] frames, boolean[] newEpisode) {
        int n = frames.length, per = expert.preprocessor().length(), actions = expert.actionCount();
        for (int i = 0; i < n; i++) {
            if (newEpisode[i]) {
                memory.zeroRow(i);
            }
        }
        float[] x = new float[n * per];
        for (int i = 0; i < n; i++) {
            expert.preprocessor().apply(frames[i], x, i * per);
        }
        PolicyOutput out = expert.forward(x, memory);
        memory = out.next();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = out.greedyAction(i);
            int hint = mode == Mode.EXPERT ? labels[i] : (int) Long.remainderUnsigned(rngs[i].nextLong(), actions);
            Hints.draw(frames[i], hint, actions);
        }
        return labels;
    }
}
