package org.atarisaliency.agents.sb3;

import java.util.Arrays;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.nets.CellMath;

/**
 * One layer of a torch {@code nn.LSTM} ({@code weight_ih_l0} [4H, in], {@code weight_hh_l0} [4H, H],
 * {@code bias_ih_l0}, {@code bias_hh_l0}; gates i, f, g, o) run one time step at a time on heap
 * arrays. Stacked layers ({@code weight_ih_l1}), projections ({@code proj_size}) and bidirectional
 * LSTMs are refused.
 */
final class Lstm {
    private final Dense input;
    private final Dense recurrent;
    final int hidden;

    private Lstm(Dense input, Dense recurrent) {
        this.input = input;
        this.recurrent = recurrent;
        this.hidden = recurrent.in();
    }

    /** The LSTM whose tensors are {@code prefix + "weight_ih_l0"} etc. (prefix e.g. "lstm_actor."). */
    static Lstm read(StateDict dict, String prefix, String file) throws CheckpointException {
        String what = prefix.substring(0, prefix.length() - 1);
        if (dict.contains(prefix + "weight_ih_l1")) {
            throw new IncompatibleAgentException(file + ": " + what + " has more than one layer (n_lstm_layers > 1);"
                    + " only a one-layer LSTM is supported");
        }
        if (dict.contains(prefix + "weight_hr_l0") || dict.contains(prefix + "weight_ih_l0_reverse")) {
            throw new IncompatibleAgentException(file + ": " + what + " is a projected or bidirectional LSTM; only a plain one-layer LSTM is supported");
        }
        TensorData wi = dict.get(prefix + "weight_ih_l0");
        TensorData wh = dict.get(prefix + "weight_hh_l0");
        int h = wh.rank() == 2 ? wh.dim(1) : -1;
        if (wi.rank() != 2 || h <= 0 || wi.dim(0) != 4 * h || wh.dim(0) != 4 * h) {
            throw new IncompatibleAgentException(file + ": " + what + " is not an LSTM (weight_ih_l0 " + Arrays.toString(wi.shape())
                    + ", weight_hh_l0 " + Arrays.toString(wh.shape()) + ")");
        }
        return new Lstm(new Dense(wi.dim(1), 4 * h, wi.values(), bias(dict, prefix + "bias_ih_l0", 4 * h, file)),
                new Dense(h, 4 * h, wh.values(), bias(dict, prefix + "bias_hh_l0", 4 * h, file)));
    }

    private static float[] bias(StateDict dict, String name, int size, String file) throws CheckpointException {
        if (!dict.contains(name)) {
            return new float[size]; // nn.LSTM(bias=False)
        }
        TensorData b = dict.get(name);
        if (b.numel() != size) {
            throw new IncompatibleAgentException(file + ": " + name + " has " + b.numel() + " values, expected " + size);
        }
        return b.values();
    }

    /** Inputs per step. */
    int inputs() {
        return input.in();
    }

    /**
     * One step for N rows: {@code x} [N*in], the previous {@code h}, {@code c} [N*H] in; the next
     * (h, c) written to {@code hOut}, {@code cOut}.
     */
    void step(float[] x, float[] h, float[] c, float[] hOut, float[] cOut, int n) {
        CellMath.lstm(input.apply(x, n), recurrent.apply(h, n), c, hOut, cOut, n, hidden);
    }
}
