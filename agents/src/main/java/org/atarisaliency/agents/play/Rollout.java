package org.atarisaliency.agents.play;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.atarisaliency.agents.ActionSelection;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.EnvState;
import org.atarisaliency.env.GameSpec;

/**
 * A policy playing one game, one step at a time: the single rollout loop of the toolkit. Each
 * step is {@link #observe()} (the frame, its preprocessed input and the recurrent state before
 * the step, computed once) then {@link #step} (the policy's output, the action, the emulator step).
 * Callers that already ran the policy on the observation (e.g. inside a saliency computation)
 * pass that output in, so the forward pass runs once. Seeds follow {@link Seeds}. The memory starts
 * afresh at a new game and, for a policy that says {@link Policy#memoryResetsOnLifeLoss()}, after each
 * lost life; the game itself plays on.
 */
public final class Rollout implements AutoCloseable {

    /** The current step's view: valid until {@link #step}. */
    public record Observation(int t, byte[] frame, float[] input, RecurrentState state) {
    }

    private final Policy policy;
    private final AtariEnv env;
    private final boolean ownsEnv;
    private final ActionSelection selection;
    private final SplittableRandom rng;
    private boolean keepRam;
    private boolean keepEnvState;
    private boolean restartOnGameOver;
    private byte[] firstFrame;
    private HintSource hints;
    private RecurrentState state;
    private Observation current;
    private int t;
    private double score;
    private boolean over;

    private Rollout(Policy policy, AtariEnv env, boolean ownsEnv, ActionSelection selection, long seed) {
        this.policy = policy;
        this.env = env;
        this.ownsEnv = ownsEnv;
        this.selection = selection;
        this.rng = new SplittableRandom(Seeds.actions(seed, 0));
        this.state = policy.initialState(1);
    }

    /** Opens the game of a run with {@code seed} ({@link #openGame}); the rollout closes it. */
    public static Rollout open(Policy policy, GameSpec game, Path rom, ActionSelection selection, long seed) {
        return new Rollout(policy, openGame(game, rom, seed), true, selection, seed);
    }

    /**
     * The game's opening for a run with {@code seed}: the emulator of its first episode, seeded
     * {@link Seeds#env}(seed, 0), which plays the game's episode start (no-ops, FIRE) itself. For a caller
     * that needs the game (its action count) before it has a policy; {@link #on} plays it with the same seed.
     */
    public static AtariEnv openGame(GameSpec game, Path rom, long seed) {
        return AtariEnv.open(game, rom, Seeds.env(seed, 0), 0);
    }

    /** Plays in an environment the caller opened with {@link #openGame} and the same {@code seed} (the caller closes it). */
    public static Rollout on(Policy policy, AtariEnv env, ActionSelection selection, long seed) {
        return new Rollout(policy, env, false, selection, seed);
    }

    /** Steps carry the console RAM after them. */
    public Rollout keepRam() {
        this.keepRam = true;
        return this;
    }

    /** Steps carry the emulator state before them (the caller closes each). */
    public Rollout keepEnvState() {
        this.keepEnvState = true;
        return this;
    }

    /** When an episode ends, reset the game and the memory and play on (else the rollout is over). */
    public Rollout restartOnGameOver() {
        this.restartOnGameOver = true;
        return this;
    }

    /**
     * The first observation shows {@code frame} instead of the emulator's screen: after
     * {@link AtariEnv#restoreState} the screen is not part of ALE's state, so a replay from a
     * restored state starts from the frame the original run saw there.
     */
    public Rollout startingFrom(byte[] frame) {
        this.firstFrame = frame.clone();
        return this;
    }

    /** Every frame gets the hint strip from {@code hints} before the policy sees it (the caller closes the source). */
    public Rollout withHints(HintSource hints) {
        this.hints = hints;
        return this;
    }

    /** The environment played. */
    public AtariEnv env() {
        return env;
    }

    /** The policy playing. */
    public Policy policy() {
        return policy;
    }

    /** Index of the coming step. */
    public int t() {
        return t;
    }

    /** Whether the episode has ended (never, with {@link #restartOnGameOver()}). */
    public boolean over() {
        return over;
    }

    /** The coming step's frame, input and state before it (computed once per step). */
    public Observation observe() {
        if (over) {
            throw new IllegalStateException("the episode is over");
        }
        if (current == null) {
            byte[] rgb = t == 0 && firstFrame != null ? firstFrame.clone() : env.frame();
            if (hints != null) {
                hints.mark(rgb, env.actionCount());
            }
            float[] x = new float[policy.preprocessor().length()];
            policy.preprocessor().apply(rgb, x, 0);
            current = new Observation(t, rgb, x, state);
        }
        return current;
    }

    /** Plays the coming step with the policy's own forward pass and action choice. */
    public Step step() {
        return step(null, -1);
    }

    /** Plays the coming step with {@code output}, the policy's output on {@link #observe()} computed by the caller. */
    public Step step(PolicyOutput output) {
        return step(output, -1);
    }

    /**
     * Plays the coming step.
     *
     * @param output  the policy's output on the observation, or null to run the forward pass here
     * @param action  the action to take (a replay), or -1 to choose it with the rollout's selection
     */
    public Step step(PolicyOutput output, int action) {
        Observation o = observe();
        PolicyOutput out = output != null ? output : policy.forward(o.input(), o.state());
        int a = action >= 0 ? action : selection.choose(out, 0, rng);
        EnvState before = keepEnvState ? env.cloneState() : null;
        int livesBefore = env.lives();
        AtariEnv.Step st = env.step(a);
        score += st.reward();
        int lives = env.lives();
        Step step = new Step(t, o.frame(), o.input(), o.state(), out, a, st.reward(), score, lives, lives < livesBefore, st.gameOver(),
                keepRam ? env.ram() : null, before);
        current = null;
        t++;
        if (st.gameOver()) {
            if (restartOnGameOver) {
                env.reset();
                if (hints != null) {
                    hints.reset();
                }
                state = policy.initialState(1);
                score = 0;
            } else {
                over = true;
            }
        } else if (step.lifeLost() && policy.memoryResetsOnLifeLoss()) {
            state = policy.initialState(1); // the library's episode start at a lost life
        } else {
            state = out.next();
        }
        return step;
    }

    @Override
    public void close() {
        if (ownsEnv) {
            env.close();
        }
    }
}
