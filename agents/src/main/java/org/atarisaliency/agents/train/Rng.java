package org.atarisaliency.agents.train;

/** SplitMix64: a small RNG whose whole state is one long, so a training checkpoint can save it. */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** The state, for a checkpoint. */
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

    /** Uniform in [0, 1). */
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
