package org.atarisaliency.agents.sb3;

import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;

/** A torch {@code nn.Linear} (weight [out, in], bias [out]) run on heap arrays, accumulating in double. */
record Dense(int in, int out, float[] weight, float[] bias) {

    /** Reads {@code name.weight} and {@code name.bias}. */
    static Dense read(StateDict dict, String name, String file) throws CheckpointException {
        TensorData w = dict.get(name + ".weight");
        TensorData b = dict.get(name + ".bias");
        if (w.rank() != 2 || b.numel() != w.dim(0)) {
            throw new IncompatibleAgentException(file + ": " + name + " is not a linear layer (weight "
                    + java.util.Arrays.toString(w.shape()) + ", bias " + java.util.Arrays.toString(b.shape()) + ")");
        }
        return new Dense(w.dim(1), w.dim(0), w.values(), b.values());
    }

    /** y = x W^T + b for N rows of x [N*in]. */
    float[] apply(float[] x, int n) {
        if (x.length != n * in) {
            throw new IllegalStateException("linear layer takes " + in + " inputs per row, got " + x.length + " floats for " + n);
        }
        float[] y = new float[n * out];
        for (int i = 0; i < n; i++) {
            int xo = i * in;
            for (int o = 0; o < out; o++) {
                int wo = o * in;
                double s = bias[o];
                for (int k = 0; k < in; k++) {
                    s += (double) x[xo + k] * weight[wo + k];
                }
                y[i * out + o] = (float) s;
            }
        }
        return y;
    }

    /** {@code x} through {@code layers}, each followed by {@code activation} (an MLP's hidden layers; x itself when empty). */
    static float[] hidden(java.util.List<Dense> layers, Activation activation, float[] x, int n) {
        for (Dense d : layers) {
            x = d.apply(x, n);
            activation.applyInPlace(x);
        }
        return x;
    }
}
