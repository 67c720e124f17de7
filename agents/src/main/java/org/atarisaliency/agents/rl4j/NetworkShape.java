package org.atarisaliency.agents.rl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * What a DL4J network built by RL4J takes and gives, read from its configuration: the frame stack
 * depth K (the first convolution's nIn), the frame side S, the action count A (the output
 * layer's nOut) and, for an actor-critic graph, which output is the value and which the policy.
 *
 * <p>The frame side is not stored: neither a MultiLayerConfiguration nor a
 * ComputationGraphConfiguration keeps the InputType it was built with. What is stored is the
 * {@code CnnToFeedForwardPreProcessor} DL4J inserted before the first dense layer, holding the
 * height, width and channels of the last convolution's output. S is the smallest square input for
 * which DL4J's own shape arithmetic ({@code getLayerActivationTypes}) gives that output: with
 * truncating convolutions several sides do (84..91 for RL4J's 8x8/4, 4x4/2 stack, which all give
 * 9x9), and the smallest is the one whose pixels are all used, 84 for RL4J's Atari nets. Pass the
 * side explicitly when a network was trained on larger frames with the same conv output.
 */
final class NetworkShape {

    /** The largest frame side searched. */
    static final int MAX_SIDE = 1024;
    static final String SUPPORTED = "supported: RL4J's convolutional nets over a frame stack [K, H, W]"
            + " (DQNFactoryStdConv, ActorCriticFactoryCompGraphStdConv without LSTM)";

    enum Kind { DQN, ACTOR_CRITIC }

    final Kind kind;
    final int frames;
    final int side;
    final int actions;
    /** Graph outputs: index of the value and of the policy; -1 when absent (DQN). */
    final int valueOutput;
    final int policyOutput;
    final String layers;

    private NetworkShape(Kind kind, int frames, int side, int actions, int valueOutput, int policyOutput, String layers) {
        this.kind = kind;
        this.frames = frames;
        this.side = side;
        this.actions = actions;
        this.valueOutput = valueOutput;
        this.policyOutput = policyOutput;
        this.layers = layers;
    }

    /** @param side  the frame side, or -1 to infer it */
    static NetworkShape of(MultiLayerNetwork net, String name, int side) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        if (n == 0) {
            throw incompatible(name, "the network has no layers");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            layers.add(conf.getConf(i).getLayer());
        }
        checkNotRecurrent(name, layers);
        int k = firstConvolution(name, layers.get(0), conf.getInputPreProcess(0));
        Layer last = layers.get(n - 1);
        if (!(last instanceof BaseOutputLayer out)) {
            throw incompatible(name, "its last layer (" + describe(last) + ") is not an output layer");
        }
        if (activation(out) instanceof ActivationSoftmax) {
            throw incompatible(name, "it has a single softmax output (a policy network alone, e.g. one half of"
                    + " RL4J's ActorCriticSeparate) and no value output");
        }
        IntFunction<Match> test = sz -> {
            List<InputType> types = activationTypes(conf, k, sz);
            if (types == null) {
                return Match.INVALID;
            }
            for (int i = 1; i < n; i++) {
                if (conf.getInputPreProcess(i) instanceof CnnToFeedForwardPreProcessor p) {
                    return matches(types.get(i - 1), p) ? Match.YES : Match.NO;
                }
            }
            return Match.UNKNOWN;
        };
        int s = side > 0 ? checkSide(name, side, test) : findSide(name, test);
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < n - 1; i++) {
            d.append(i > 0 ? ", " : "").append(describe(layers.get(i)));
        }
        return new NetworkShape(Kind.DQN, k, s, (int) out.getNOut(), -1, -1, d.toString());
    }

    /** @param side  the frame side, or -1 to infer it */
    static NetworkShape of(ComputationGraph graph, String name, int side) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, GraphVertex> vertices = conf.getVertices();
        List<Layer> all = new ArrayList<>();
        for (GraphVertex v : vertices.values()) {
            if (v instanceof LayerVertex lv) {
                all.add(lv.getLayerConf().getLayer());
            }
        }
        checkNotRecurrent(name, all);
        List<String> inputs = conf.getNetworkInputs();
        if (inputs.size() != 1) {
            throw incompatible(name, "the graph has " + inputs.size() + " inputs " + inputs);
        }
        String input = inputs.get(0);
        List<String> consumers = new ArrayList<>();
        conf.getVertexInputs().forEach((v, in) -> {
            if (in.contains(input)) {
                consumers.add(v);
            }
        });
        if (consumers.size() != 1 || !(vertices.get(consumers.get(0)) instanceof LayerVertex first)) {
            throw incompatible(name, "its input '" + input + "' does not feed exactly one layer (it feeds " + consumers + ")");
        }
        int k = firstConvolution(name, first.getLayerConf().getLayer(), first.getPreProcessor());

        List<String> outputs = conf.getNetworkOutputs();
        int value = -1;
        int policy = -1;
        int actions;
        for (int i = 0; i < outputs.size(); i++) {
            if (!(vertices.get(outputs.get(i)) instanceof LayerVertex lv)
                    || !(lv.getLayerConf().getLayer() instanceof BaseOutputLayer)) {
                throw incompatible(name, "its output '" + outputs.get(i) + "' is not an output layer");
            }
        }
        if (outputs.size() == 1) {
            BaseOutputLayer out = outputLayer(vertices, outputs.get(0));
            if (activation(out) instanceof ActivationSoftmax) {
                throw incompatible(name, "it has a single softmax output (a policy without a value output)");
            }
            actions = (int) out.getNOut();
        } else if (outputs.size() == 2) {
            // RL4J's ActorCriticFactoryCompGraphStd*: setOutputs("value", "softmax")
            value = outputs.indexOf("value");
            policy = outputs.indexOf("softmax");
            if (value < 0 || policy < 0) {
                for (int i = 0; i < 2; i++) {
                    BaseOutputLayer out = outputLayer(vertices, outputs.get(i));
                    if (activation(out) instanceof ActivationSoftmax) {
                        policy = i;
                    } else if (out.getNOut() == 1) {
                        value = i;
                    }
                }
            }
            if (value < 0 || policy < 0 || value == policy) {
                throw incompatible(name, "its two outputs " + outputs + " are not a value [N, 1] and a softmax policy"
                        + " [N, A]");
            }
            BaseOutputLayer v = outputLayer(vertices, outputs.get(value));
            BaseOutputLayer p = outputLayer(vertices, outputs.get(policy));
            if (v.getNOut() != 1) {
                throw incompatible(name, "its value output '" + outputs.get(value) + "' has " + v.getNOut() + " units");
            }
            if (!(activation(p) instanceof ActivationSoftmax)) {
                throw incompatible(name, "its policy output '" + outputs.get(policy) + "' is not a softmax ("
                        + activation(p) + ")");
            }
            actions = (int) p.getNOut();
        } else {
            throw incompatible(name, "the graph has " + outputs.size() + " outputs " + outputs);
        }

        IntFunction<Match> test = sz -> {
            Map<String, InputType> types = activationTypes(conf, k, sz);
            if (types == null) {
                return Match.INVALID;
            }
            for (Map.Entry<String, GraphVertex> e : vertices.entrySet()) {
                if (e.getValue() instanceof LayerVertex lv && lv.getPreProcessor() instanceof CnnToFeedForwardPreProcessor p) {
                    String from = conf.getVertexInputs().get(e.getKey()).get(0);
                    InputType t = from.equals(input) ? InputType.convolutional(sz, sz, k) : types.get(from);
                    return matches(t, p) ? Match.YES : Match.NO;
                }
            }
            return Match.UNKNOWN;
        };
        int s = side > 0 ? checkSide(name, side, test) : findSide(name, test);

        List<String> order = conf.getTopologicalOrderStr() != null ? conf.getTopologicalOrderStr()
                : new ArrayList<>(vertices.keySet());
        StringBuilder d = new StringBuilder();
        for (String v : order) {
            if (!outputs.contains(v) && vertices.get(v) instanceof LayerVertex lv) {
                d.append(d.length() > 0 ? ", " : "").append(describe(lv.getLayerConf().getLayer()));
            }
        }
        Kind kind = outputs.size() == 2 ? Kind.ACTOR_CRITIC : Kind.DQN;
        return new NetworkShape(kind, k, s, actions, value, policy, d.toString());
    }

    private static BaseOutputLayer outputLayer(Map<String, GraphVertex> vertices, String name) {
        return (BaseOutputLayer) ((LayerVertex) vertices.get(name)).getLayerConf().getLayer();
    }

    private static void checkNotRecurrent(String name, List<Layer> layers) {
        for (Layer l : layers) {
            if (l instanceof BaseRecurrentLayer || l instanceof RnnOutputLayer || l instanceof BaseWrapperLayer) {
                throw incompatible(name, "it is recurrent (" + describe(l) + "; RL4J's useLSTM option)");
            }
        }
    }

    /** The stack depth K, after checking that the input is an NCHW image going into a 2-D convolution. */
    private static int firstConvolution(String name, Layer first, InputPreProcessor pre) {
        if (first instanceof ConvolutionLayer c && c.getClass() == ConvolutionLayer.class && pre == null) {
            if (c.getCnn2dDataFormat() == CNN2DFormat.NHWC) {
                throw incompatible(name, "its first convolution takes NHWC input");
            }
            if (c.getNIn() <= 0 || c.getNIn() > 64) {
                throw incompatible(name, "its first convolution takes " + c.getNIn() + " channels");
            }
            return (int) c.getNIn();
        }
        if (first instanceof FeedForwardLayer ff && !(first instanceof ConvolutionLayer)) {
            throw incompatible(name, "it takes a flat input of " + ff.getNIn() + " features (" + describe(first)
                    + ", e.g. DQNFactoryStdDense over RAM or a low-dimensional state)");
        }
        throw incompatible(name, "its first layer is " + describe(first) + (pre != null ? " behind a "
                + pre.getClass().getSimpleName() : ""));
    }

    private enum Match { YES, NO, UNKNOWN, INVALID }

    private static int findSide(String name, IntFunction<Match> test) {
        boolean unknown84 = false;
        for (int s = 1; s <= MAX_SIDE; s++) {
            Match m = test.apply(s);
            if (m == Match.YES) {
                return s;
            }
            if (m == Match.UNKNOWN && s == 84) {
                unknown84 = true;
            }
        }
        if (unknown84) {
            return 84; // no flatten step to compare with (e.g. global pooling): RL4J's Atari default
        }
        throw incompatible(name, "no square frame of side 1.." + MAX_SIDE + " gives the size its dense layer"
                + " expects (non-square frames are not supported)");
    }

    private static int checkSide(String name, int side, IntFunction<Match> test) {
        Match m = test.apply(side);
        if (m != Match.YES && m != Match.UNKNOWN) {
            throw incompatible(name, "it cannot take " + side + "x" + side + " frames");
        }
        return side;
    }

    private static List<InputType> activationTypes(MultiLayerConfiguration conf, int k, int s) {
        try {
            return conf.getLayerActivationTypes(InputType.convolutional(s, s, k));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, InputType> activationTypes(ComputationGraphConfiguration conf, int k, int s) {
        try {
            return conf.getLayerActivationTypes(InputType.convolutional(s, s, k));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean matches(InputType t, CnnToFeedForwardPreProcessor p) {
        return t instanceof InputType.InputTypeConvolutional c && c.getHeight() == p.getInputHeight()
                && c.getWidth() == p.getInputWidth() && c.getChannels() == p.getNumChannels();
    }

    private static IActivation activation(BaseLayer l) {
        return l.getActivationFn();
    }

    static String describe(Layer l) {
        if (l instanceof ConvolutionLayer c && c.getKernelSize() != null && c.getStride() != null) {
            int[] k = c.getKernelSize();
            int[] st = c.getStride();
            return "conv " + k[0] + "x" + k[1] + "/" + st[0] + " x" + c.getNOut();
        }
        if (l instanceof SubsamplingLayer p && p.getKernelSize() != null) {
            return "pool " + p.getKernelSize()[0] + "x" + p.getKernelSize()[1];
        }
        if (l instanceof DenseLayer dl) {
            return "dense " + dl.getNOut();
        }
        return l.getClass().getSimpleName();
    }

    private static IncompatibleAgentException incompatible(String name, String why) {
        return new IncompatibleAgentException(name + ": unsupported DL4J network: " + why + "; " + SUPPORTED);
    }
}
