package org.atarisaliency.env;

/**
 * A tiny seeded RNG (SplitMix64) whose whole state is one long, so env states and training runs can
 * be saved and continued exactly.
 */
public final class SplitMix {
    private long state;

    /** An RNG starting from {@code seed}. */
    public SplitMix(long seed) {
        this.state = seed;
    }

    /** The state, to save. */
    public long state() {
        return state;
    }

    /** Continues from a saved state. */
    public void setState(long s) {
        this.state = s;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Uniform double in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** An index drawn from the probabilities {@code p} (summing to 1). */
    public int sample(double[] p) {
        double u = nextDouble(), acc = 0;
        for (int a = 0; a < p.length; a++) {
            acc += p[a];
            if (u < acc) {
                return a;
            }
        }
        return p.length - 1;
    }
}
