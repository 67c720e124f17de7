package org.atarisaliency.agents.play;

/**
 * The one place where every child seed is derived from a run's seed. The rule, for a run with
 * seed {@code s}:
 * <ul>
 *   <li>emulator of episode i: {@link #env}(s, i) = the top 31 bits of SplitMix64(s, "env", i);</li>
 *   <li>action sampling of episode i: {@link #actions}(s, i) = SplitMix64(s, "actions", i);</li>
 *   <li>random hints of episode i: {@link #hints}(s, i) = SplitMix64(s, "hints", i);</li>
 *   <li>memory-saliency noise at step t: {@link #noise}(s, t) = s + t (java.util.Random), the rule
 *       of the first recordings, kept so that their outputs stay reproducible;</li>
 *   <li>the contact permutation test of the memory analysis: {@link #contactTest}(s) = s + 17;</li>
 *   <li>random layers and random baseline maps of the sanity checks: s itself.</li>
 * </ul>
 * Children depend only on (s, purpose, index), never on how many episodes run at once.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The emulator seed of episode {@code episode} (ALE takes a non-negative int). */
    public static int env(long seed, int episode) {
        return childInt(seed, "env", episode);
    }

    /** The action-sampling seed of episode {@code episode}. */
    public static long actions(long seed, int episode) {
        return child(seed, "actions", episode);
    }

    /** The random hints' seed of episode {@code episode}. */
    public static long hints(long seed, int episode) {
        return child(seed, "hints", episode);
    }

    /** The seed of the memory-saliency noise at step {@code step}. */
    public static long noise(long seed, int step) {
        return seed + step;
    }

    /** The seed of the memory analysis' contact permutation test. */
    public static long contactTest(long seed) {
        return seed + 17;
    }

    /** A child seed for (purpose, index), independent of how many episodes run in parallel (SplitMix64 mixing). */
    public static long child(long seed, String purpose, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A non-negative 31-bit child seed. */
    public static int childInt(long seed, String purpose, int index) {
        return (int) (child(seed, purpose, index) >>> 33);
    }
}
