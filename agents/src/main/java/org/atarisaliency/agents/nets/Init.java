package org.atarisaliency.agents.nets;

import java.util.Random;

/**
 * PyTorch's default initialisation of the actor-critic: {@code Conv2d} and {@code Linear}
 * weights and biases uniform in +-1/sqrt(fan_in) (fan_in = in_channels*3*3 for a conv,
 * in_features for a linear: what kaiming_uniform_(a=sqrt(5)) gives); {@code GRUCell} and
 * {@code LSTMCell} all four tensors uniform in +-1/sqrt(hidden_size).
 *
 * <p>Each layer group draws from its own RNG seeded by (seed, group), in a fixed order within the
 * group, so a layer's values depend only on the seed and the layer: {@link #HEADS} (actor weight,
 * actor bias, critic weight, critic bias), {@link #CELL} (weight_ih, weight_hh, bias_ih, bias_hh),
 * then conv4 .. conv1 ({@link #convGroup}; weight then bias).
 */
public final class Init {
    /** Group of the actor and critic linears. */
    public static final int HEADS = 0;
    /** Group of the recurrent cell. */
    public static final int CELL = 1;

    private static final int[] CHANNELS = {1, 32, 32, 32, 32};
    private static final int HIDDEN = 256;

    private Init() {
    }

    /** The A3C network (1 x 80 x 80 input, 4 x 32 channels, hidden 256) with PyTorch's default initialisation. */
    public static ActorCriticWeights pytorchDefault(RecurrentCell cell, int actions, long seed) {
        return pytorchDefault(cell, CHANNELS, HIDDEN, actions, seed);
    }

    /** Fresh weights with the architecture of {@code shape} (cell, channels, hidden size, actions). */
    public static ActorCriticWeights like(ActorCriticWeights shape, long seed) {
        return create(shape.cell(), shape.convChannels(), shape.inputSize(), shape.hidden(), shape.actions(), seed);
    }

    /**
     * Any channel counts and hidden size, on 80 x 80 inputs.
     *
     * @param convChannels  input channels, then the output channels of the four convs
     */
    public static ActorCriticWeights pytorchDefault(RecurrentCell cell, int[] convChannels, int hidden, int actions, long seed) {
        return create(cell, convChannels, ActorCriticWeights.INPUT_SIZE, hidden, actions, seed);
    }

    private static ActorCriticWeights create(RecurrentCell cell, int[] convChannels, int inputSize, int hidden, int actions, long seed) {
        int layers = ActorCriticWeights.CONV_LAYERS;
        if (convChannels.length != layers + 1 || hidden <= 0 || actions <= 0) {
            throw new IllegalArgumentException("need " + (layers + 1) + " channel counts, hidden > 0 and actions > 0");
        }
        Random r = rng(seed, HEADS);
        double bound = 1 / Math.sqrt(hidden);
        float[] actorW = uniform(r, actions * hidden, bound);
        float[] actorB = uniform(r, actions, bound);
        float[] criticW = uniform(r, hidden, bound);
        float criticB = uniform(r, bound);
        r = rng(seed, CELL);
        int side = inputSize;
        for (int l = 0; l < layers; l++) {
            side = (side - 1) / 2 + 1;
        }
        int g = cell.gates() * hidden, flat = convChannels[layers] * side * side;
        float[] wih = uniform(r, g * flat, bound);
        float[] whh = uniform(r, g * hidden, bound);
        float[] bih = uniform(r, g, bound);
        float[] bhh = uniform(r, g, bound);
        float[][] convW = new float[layers][], convB = new float[layers][];
        for (int l = 0; l < layers; l++) {
            r = rng(seed, convGroup(l));
            double b = 1 / Math.sqrt(convChannels[l] * 9.0);
            convW[l] = uniform(r, convChannels[l + 1] * convChannels[l] * 9, b);
            convB[l] = uniform(r, convChannels[l + 1], b);
        }
        return new ActorCriticWeights(cell, convChannels[0], inputSize, hidden, actions, convChannels.clone(),
                convW, convB, wih, bih, whh, bhh, criticW, criticB, actorW, actorB);
    }

    /** The RNG group of conv layer {@code l} (0-based): conv4 is group 2, conv1 group 5. */
    public static int convGroup(int l) {
        return 2 + ActorCriticWeights.CONV_LAYERS - 1 - l;
    }

    private static Random rng(long seed, int group) {
        return new Random(seed * 1_000_003L + 0x5DEECE66DL * (group + 1));
    }

    private static float uniform(Random r, double bound) {
        return (float) ((2 * r.nextDouble() - 1) * bound);
    }

    private static float[] uniform(Random r, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = uniform(r, bound);
        }
        return a;
    }
}
