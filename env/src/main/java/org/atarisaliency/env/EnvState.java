package org.atarisaliency.env;

import org.bytedeco.ale.ALEState;

/**
 * A snapshot of an {@link AtariEnv}: the emulator (with its RNG) plus our own frame-skip RNG and
 * episode counters. Restore it with {@link AtariEnv#restoreState}. Native memory is released with
 * {@link #close()} (or by the garbage collector).
 */
public final class EnvState implements AutoCloseable {
    final ALEState ale;
    final long rngState;
    final int episodeSteps;
    final double episodeReturn;

    EnvState(ALEState ale, long rngState, int episodeSteps, double episodeReturn) {
        this.ale = ale;
        this.rngState = rngState;
        this.episodeSteps = episodeSteps;
        this.episodeReturn = episodeReturn;
    }

    @Override
    public void close() {
        ale.close();
    }
}
