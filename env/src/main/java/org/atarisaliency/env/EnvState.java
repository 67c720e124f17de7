package org.atarisaliency.env;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.ale.ALEState;
import org.bytedeco.javacpp.BytePointer;

/**
 * A snapshot of an {@link AtariEnv}: the emulator (with its RNG) plus our own frame-skip RNG and
 * episode counters. Restore it with {@link AtariEnv#restoreState}; {@link #toBytes()} and
 * {@link #fromBytes} carry it across processes (a training run's checkpoint). The screen is not part
 * of the state: keep the last frame beside it if it is needed. Native memory is released with
 * {@link #close()} (or by the garbage collector).
 */
public final class EnvState implements AutoCloseable {
    private static final int MAGIC = 0x41544553; // "ATES"
    final ALEState ale;
    final long rngState;
    final int episodeSteps;
    final double episodeReturn;
    /** The console RAM at the snapshot (null for one read by {@link #fromBytes}): ALE's RAM view is not refreshed by a restore. */
    final byte[] ram;

    EnvState(ALEState ale, long rngState, int episodeSteps, double episodeReturn, byte[] ram) {
        this.ale = ale;
        this.rngState = rngState;
        this.episodeSteps = episodeSteps;
        this.episodeReturn = episodeReturn;
        this.ram = ram;
    }

    /** The snapshot as bytes: ALE's own serialisation plus our RNG and counters. */
    public byte[] toBytes() {
        BytePointer bp = ale.serialize();
        byte[] emu = new byte[(int) (bp.limit() - bp.position())];
        bp.get(emu);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 8 + 4 + emu.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(rngState).putInt(episodeSteps).putDouble(episodeReturn).putInt(emu.length).put(emu);
        return b.array();
    }

    /** A snapshot from {@link #toBytes()}. */
    public static EnvState fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 28 || b.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a saved environment state");
        }
        long rng = b.getLong();
        int steps = b.getInt();
        double ret = b.getDouble();
        int n = b.getInt();
        if (n != b.remaining()) {
            throw new IllegalArgumentException("truncated environment state");
        }
        byte[] emu = new byte[n];
        b.get(emu);
        BytePointer p = new BytePointer(n);
        p.put(emu);
        p.limit(n);
        return new EnvState(new ALEState(p), rng, steps, ret, null);
    }

    @Override
    public void close() {
        ale.close();
    }
}
