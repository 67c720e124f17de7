package org.atarisaliency.env;

/**
 * What a game id means: which ROM, how many emulator frames one agent step lasts, and how sticky
 * actions are.
 *
 * @param id                       the id the user gave (e.g. {@code Pong-v4})
 * @param rom                      ALE ROM name, the file stem (e.g. {@code space_invaders})
 * @param frameSkipMin             smallest frame skip (inclusive)
 * @param frameSkipMax             largest frame skip (inclusive); equal to min for a fixed skip
 * @param repeatActionProbability  ALE's sticky-action probability
 */
public record GameSpec(String id, String rom, int frameSkipMin, int frameSkipMax, float repeatActionProbability) {

    public GameSpec {
        if (frameSkipMin < 1 || frameSkipMax < frameSkipMin) {
            throw new IllegalArgumentException("frame skip must be >= 1 and min <= max, got " + frameSkipMin + ".." + frameSkipMax);
        }
        if (!(repeatActionProbability >= 0f && repeatActionProbability <= 1f)) {
            throw new IllegalArgumentException("repeat_action_probability must lie in [0,1], got " + repeatActionProbability);
        }
    }

    /** True when the frame skip is drawn at random each step (gym v0/v4 style). */
    public boolean randomFrameSkip() {
        return frameSkipMax > frameSkipMin;
    }

    /** A copy with a fixed frame skip. */
    public GameSpec withFrameSkip(int k) {
        return new GameSpec(id, rom, k, k, repeatActionProbability);
    }

    /** A copy with a frame skip drawn uniformly from {min..max} each step. */
    public GameSpec withFrameSkip(int min, int max) {
        return new GameSpec(id, rom, min, max, repeatActionProbability);
    }

    /** A copy with another sticky-action probability. */
    public GameSpec withRepeatActionProbability(float p) {
        return new GameSpec(id, rom, frameSkipMin, frameSkipMax, p);
    }

    /** Human-readable frame skip: "4" or "2-4". */
    public String frameSkipText() {
        return randomFrameSkip() ? frameSkipMin + "-" + frameSkipMax : Integer.toString(frameSkipMin);
    }
}
