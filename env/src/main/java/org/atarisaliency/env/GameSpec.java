package org.atarisaliency.env;

import java.util.List;

/**
 * What a game id means: which ROM, how many emulator frames one agent step lasts, and how sticky
 * actions are.
 *
 * @param id                       the id the user gave (e.g. {@code Pong-v4})
 * @param rom                      ALE ROM name, the file stem (e.g. {@code space_invaders})
 * @param frameSkipMin             smallest frame skip (inclusive)
 * @param frameSkipMax             largest frame skip (inclusive); equal to min for a fixed skip
 * @param repeatActionProbability  ALE's sticky-action probability
 * @param maxPoolLastTwo           whether an observation is the maximum of the last two screens of the skip
 *                                 (Stable-Baselines3's {@code MaxAndSkipEnv}; see {@link AtariEnv#setMaxPoolLastTwo})
 * @param fireReset                whether every episode starts, on a game with FIRE, with the agent steps FIRE then
 *                                 action 2 (Stable-Baselines3's {@code FireResetEnv}; see {@link AtariEnv#reset()})
 * @param noopResetMax             0, or the most no-op emulator frames (drawn from 1..this, seeded) that start every
 *                                 episode (Stable-Baselines3's {@code NoopResetEnv(noop_max)}; see {@link AtariEnv#reset()})
 * @param variants                 the game's variants written through the RAM after every emulator frame ({@link GameVariant});
 *                                 empty for the game as published
 */
public record GameSpec(String id, String rom, int frameSkipMin, int frameSkipMax, float repeatActionProbability, boolean maxPoolLastTwo,
                       boolean fireReset, int noopResetMax, List<GameVariant> variants) {

    /** The game as published, without variants. */
    public GameSpec(String id, String rom, int frameSkipMin, int frameSkipMax, float repeatActionProbability, boolean maxPoolLastTwo,
                    boolean fireReset, int noopResetMax) {
        this(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, maxPoolLastTwo, fireReset, noopResetMax, List.of());
    }

    /** Without max-pooling. */
    public GameSpec(String id, String rom, int frameSkipMin, int frameSkipMax, float repeatActionProbability) {
        this(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, false);
    }

    /** Without SB3's reset steps (fire, no-ops). */
    public GameSpec(String id, String rom, int frameSkipMin, int frameSkipMax, float repeatActionProbability, boolean maxPoolLastTwo) {
        this(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, maxPoolLastTwo, false, 0);
    }

    public GameSpec {
        if (frameSkipMin < 1 || frameSkipMax < frameSkipMin) {
            throw new IllegalArgumentException("frame skip must be >= 1 and min <= max, got " + frameSkipMin + ".." + frameSkipMax);
        }
        if (!(repeatActionProbability >= 0f && repeatActionProbability <= 1f)) {
            throw new IllegalArgumentException("repeat_action_probability must lie in [0,1], got " + repeatActionProbability);
        }
        if (noopResetMax < 0) {
            throw new IllegalArgumentException("noop reset max must be >= 0, got " + noopResetMax);
        }
        variants = List.copyOf(variants);
    }

    /** True when the frame skip is drawn at random each step (gym v0/v4 style). */
    public boolean randomFrameSkip() {
        return frameSkipMax > frameSkipMin;
    }

    /** A copy with a fixed frame skip. */
    public GameSpec withFrameSkip(int k) {
        return new GameSpec(id, rom, k, k, repeatActionProbability, maxPoolLastTwo, fireReset, noopResetMax, variants);
    }

    /** A copy with a frame skip drawn uniformly from {min..max} each step. */
    public GameSpec withFrameSkip(int min, int max) {
        return new GameSpec(id, rom, min, max, repeatActionProbability, maxPoolLastTwo, fireReset, noopResetMax, variants);
    }

    /** A copy with another sticky-action probability. */
    public GameSpec withRepeatActionProbability(float p) {
        return new GameSpec(id, rom, frameSkipMin, frameSkipMax, p, maxPoolLastTwo, fireReset, noopResetMax, variants);
    }

    /** A copy with SB3's AtariWrapper frame skip: a fixed skip of {@code k} with the max of the last two screens. */
    public GameSpec withMaxPooledSkip(int k) {
        return new GameSpec(id, rom, k, k, repeatActionProbability, true, fireReset, noopResetMax, variants);
    }

    /**
     * A copy whose episodes start as Stable-Baselines3's {@code FireResetEnv} starts them (on games with FIRE:
     * the agent steps FIRE, then action 2, their rewards dropped), or without that.
     */
    public GameSpec withFireReset(boolean on) {
        return new GameSpec(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, maxPoolLastTwo, on, noopResetMax, variants);
    }

    /** A copy whose episodes start with 1..{@code max} seeded no-op frames ({@code NoopResetEnv}); 0 = none. */
    public GameSpec withNoopReset(int max) {
        return new GameSpec(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, maxPoolLastTwo, fireReset, max, variants);
    }

    /**
     * A copy with the variants {@code text} names (comma-separated, or "none"), checked against this game's
     * {@link GameModel#variants()}: a one-line error naming the game's variants for one it does not have.
     */
    public GameSpec withVariants(String text) {
        return new GameSpec(id, rom, frameSkipMin, frameSkipMax, repeatActionProbability, maxPoolLastTwo, fireReset, noopResetMax,
                GameVariants.of(rom, text));
    }

    /** How an episode starts beyond the ALE reset: "fire", "1-30 no-ops, fire", ... or null for nothing more. */
    public String resetText() {
        String noops = noopResetMax > 0 ? "1-" + noopResetMax + " no-op frames" : null;
        String fire = fireReset ? "FIRE then action 2 (SB3 FireResetEnv)" : null;
        if (noops == null) {
            return fire;
        }
        return fire == null ? noops : noops + ", " + fire;
    }

    /** Human-readable frame skip: "4", "2-4", or "4, max of the last two screens". */
    public String frameSkipText() {
        String skip = randomFrameSkip() ? frameSkipMin + "-" + frameSkipMax : Integer.toString(frameSkipMin);
        return maxPoolLastTwo ? skip + ", max of the last two screens" : skip;
    }
}
