package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.Npy;

/** Reads and checks the NPY inputs of the commands, with one-line errors. */
final class NpyInputs {
    private NpyInputs() {
    }

    static Npy.Array read(Path p, String what) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString());
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(p + " is not a regular file; pass an NPY " + what + " file");
        }
        try {
            return Npy.read(p);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(p + ": not a readable NPY " + what + " (" + e.getMessage() + ")");
        }
    }

    /** A 210x160x3 uint8 RGB frame. */
    static byte[] frame(Path p) throws IOException {
        Npy.Array a = read(p, "frame");
        if (a.dtype() != Npy.DType.UINT8 || !Arrays.equals(a.shape(), new int[] {AtariEnv.HEIGHT, AtariEnv.WIDTH, 3})) {
            throw new IllegalArgumentException(p + ": expected a uint8 210x160x3 RGB frame, got " + a.dtype() + " " + Arrays.toString(a.shape()));
        }
        return a.bytes();
    }

    /** The recurrent state of one agent, or zeros when {@code p} is null. */
    static RecurrentState state(Path p, Policy policy) throws IOException {
        RecurrentState zero = policy.initialState(1);
        if (p == null) {
            return zero;
        }
        Npy.Array a = read(p, "state");
        List<Integer> sizes = policy.stateSizes();
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        if (a.dtype() != Npy.DType.FLOAT32 || a.size() != total) {
            throw new IllegalArgumentException(p + ": expected float32 state with " + total + " values (the parts "
                    + policy.stateNames() + " of " + sizes + " units, one after another), got " + a.dtype() + " " + Arrays.toString(a.shape()));
        }
        float[] v = a.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(p + ": the state has a non-finite value (" + v[i] + ") at index " + i
                        + "; pass a state of finite numbers");
            }
        }
        List<float[]> ps = new java.util.ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            ps.add(Arrays.copyOfRange(v, at, at + size));
            at += size;
        }
        return new RecurrentState(1, policy.stateNames(), ps);
    }
}
