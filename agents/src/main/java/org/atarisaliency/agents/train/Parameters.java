package org.atarisaliency.agents.train;

import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.agents.nets.ActorCriticWeights;

/**
 * A network's tensors as flat float arrays in PyTorch's layout, named and ordered as
 * {@code model.parameters()}: for the A3C actor-critic of baby-a3c conv1.weight, conv1.bias, ...,
 * conv4.bias, {gru|lstm}.weight_ih, .weight_hh, .bias_ih, .bias_hh, critic_linear.weight,
 * critic_linear.bias, actor_linear.weight, actor_linear.bias (the accessors below); any other
 * network's through {@link #Parameters(java.util.Map)} (used by name only).
 */
final class Parameters {
    private final ActorCriticWeights shape;
    private final List<String> names = new ArrayList<>();
    private final List<float[]> tensors = new ArrayList<>();

    /** Copies of the tensors of {@code w}. */
    Parameters(ActorCriticWeights w) {
        this.shape = w;
        for (int l = 0; l < ActorCriticWeights.CONV_LAYERS; l++) {
            add("conv" + (l + 1) + ".weight", w.convWeight()[l].clone());
            add("conv" + (l + 1) + ".bias", w.convBias()[l].clone());
        }
        String p = w.cell().prefix();
        add(p + ".weight_ih", w.weightIh().clone());
        add(p + ".weight_hh", w.weightHh().clone());
        add(p + ".bias_ih", w.biasIh().clone());
        add(p + ".bias_hh", w.biasHh().clone());
        add("critic_linear.weight", w.criticWeight().clone());
        add("critic_linear.bias", new float[] {w.criticBias()});
        add("actor_linear.weight", w.actorWeight().clone());
        add("actor_linear.bias", w.actorBias().clone());
    }

    /** Copies of {@code named}'s tensors, in its order (a network other than the A3C actor-critic). */
    Parameters(java.util.Map<String, float[]> named) {
        this.shape = null;
        named.forEach((k, v) -> add(k, v.clone()));
    }

    /** Zeros shaped like {@code w}'s tensors (for gradients and optimizer moments). */
    static Parameters zerosLike(ActorCriticWeights w) {
        return zerosLike(new Parameters(w));
    }

    /** Zeros with the names and shapes of {@code like}. */
    static Parameters zerosLike(Parameters like) {
        java.util.Map<String, float[]> zeros = new java.util.LinkedHashMap<>();
        for (int i = 0; i < like.names.size(); i++) {
            zeros.put(like.names.get(i), new float[like.tensors.get(i).length]);
        }
        return new Parameters(zeros);
    }

    /** Copies of the tensors by name, in order. */
    java.util.LinkedHashMap<String, float[]> copies() {
        java.util.LinkedHashMap<String, float[]> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), tensors.get(i).clone());
        }
        return out;
    }

    /**
     * Scales these gradients to global L2 norm {@code max} where their norm is larger, as
     * PyTorch's {@code clip_grad_norm_} does (factor {@code max / (norm + 1e-6)}); returns the
     * norm before clipping.
     */
    double clipGlobalNorm(double max) {
        double sq = 0;
        for (float[] g : tensors) {
            for (float x : g) {
                sq += (double) x * x;
            }
        }
        double norm = Math.sqrt(sq);
        double coef = max / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (float[] g : tensors) {
                for (int i = 0; i < g.length; i++) {
                    g[i] *= c;
                }
            }
        }
        return norm;
    }

    private void add(String name, float[] t) {
        names.add(name);
        tensors.add(t);
    }

    List<String> names() {
        return names;
    }

    /** The tensors (live arrays), in {@link #names()} order. */
    List<float[]> tensors() {
        return tensors;
    }

    /** The live array of tensor {@code name}. */
    float[] get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no tensor '" + name + "'; the network has " + names);
        }
        return tensors.get(i);
    }

    /** conv layer l's weight (l 0-based). */
    float[] convWeight(int l) {
        return tensors.get(2 * l);
    }

    float[] convBias(int l) {
        return tensors.get(2 * l + 1);
    }

    /** Cell tensor k: 0 weight_ih, 1 weight_hh, 2 bias_ih, 3 bias_hh. */
    float[] cell(int k) {
        return tensors.get(2 * ActorCriticWeights.CONV_LAYERS + k);
    }

    /** Head tensor k: 0 critic weight, 1 critic bias, 2 actor weight, 3 actor bias. */
    float[] head(int k) {
        return tensors.get(2 * ActorCriticWeights.CONV_LAYERS + 4 + k);
    }

    /** Copies the values of {@code other} (same shapes) into these arrays. */
    void copyFrom(Parameters other) {
        for (int i = 0; i < tensors.size(); i++) {
            System.arraycopy(other.tensors.get(i), 0, tensors.get(i), 0, tensors.get(i).length);
        }
    }

    /** Total number of values. */
    long size() {
        return tensors.stream().mapToLong(t -> t.length).sum();
    }

    /** The tensors as weights (copies). */
    ActorCriticWeights toWeights() {
        float[][] cw = new float[ActorCriticWeights.CONV_LAYERS][], cb = new float[ActorCriticWeights.CONV_LAYERS][];
        for (int l = 0; l < cw.length; l++) {
            cw[l] = convWeight(l).clone();
            cb[l] = convBias(l).clone();
        }
        return new ActorCriticWeights(shape.cell(), shape.inputChannels(), shape.inputSize(), shape.hidden(), shape.actions(),
                shape.convChannels().clone(), cw, cb, cell(0).clone(), cell(2).clone(), cell(1).clone(), cell(3).clone(),
                head(0).clone(), head(1)[0], head(2).clone(), head(3).clone());
    }
}
