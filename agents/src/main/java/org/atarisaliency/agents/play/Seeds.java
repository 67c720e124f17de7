package org.atarisaliency.agents.play;

/** The one place where child seeds are derived from a run's seed (SplitMix64 mixing). */
public final class Seeds {
    private Seeds() {
    }

    /** A child seed for (purpose, index), independent of how many episodes run in parallel. */
    public static long child(long seed, String purpose, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A non-negative 31-bit child seed (ALE takes an int). */
    public static int childInt(long seed, String purpose, int index) {
        return (int) (child(seed, purpose, index) >>> 33);
    }
}
