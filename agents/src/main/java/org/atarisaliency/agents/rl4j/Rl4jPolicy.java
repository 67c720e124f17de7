package org.atarisaliency.agents.rl4j;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.env.FramePreprocessor;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An agent trained with RL4J, run through the {@link Policy} API: a DL4J network over a stack of
 * K grey frames, with the frame stack as the agent's memory.
 *
 * <p><b>Networks.</b> A {@link MultiLayerNetwork} DQN as RL4J's {@code DQNFactoryStdConv} builds it
 * (conv 8x8/4 x16, conv 4x4/2 x32, dense 256, identity output of A Q-values): the Q-values are
 * the logits (so greedy = arg-max Q; sampling draws from softmax(Q)) and the value is
 * max<sub>a</sub> Q. A {@link ComputationGraph} actor-critic as {@code ActorCriticFactoryCompGraphStdConv}
 * builds it (trunk "0", "1", "2", outputs {@code setOutputs("value", "softmax")}: value [N, 1] and
 * softmax policy [N, A]): the logits are log(softmax), floored at log(Float.MIN_NORMAL) where a
 * probability is 0, and the value is the value output. A graph with one non-softmax output is
 * taken as a Q network. Not supported (IncompatibleAgentException): dense nets over flat inputs
 * (DQNFactoryStdDense), recurrent nets (useLSTM), ActorCriticSeparate's two files.
 *
 * <p><b>Frame stack.</b> The network input is [N, K, S, S]. RL4J stacks the history oldest first:
 * {@code HistoryProcessor.getHistory()} returns its {@code CircularFifoQueue} from index 0 (the
 * oldest) to K-1 (the newest), and the stack is their concatenation along dimension 0 (the
 * {@code HistoryMergeTransform} / {@code HistoryStackAssembler} of later versions documents the
 * same order, "from oldest to newest"). Here one step's observation is one preprocessed frame
 * [N, 1, S, S] ({@link #inputChannels()} = 1); the state has one part, {@code "frames"}, holding the
 * K-1 previous frames oldest first ({@link #stateSize()} = (K-1)·S·S); {@link #forward} runs the
 * network on [previous frames..., new frame] and returns the last K-1 frames as the next state.
 *
 * <p><b>Episode start.</b> The zero state is K-1 black frames. RL4J never runs its network on a
 * partial stack: at the start of an episode it plays NO_OP (action 0 of the minimal set) for
 * {@code skipFrame * (K-1)} emulator frames while filling the history
 * ({@code Policy.play} / {@code HistoryProcessorLearningInitializer}), and its first decision sees
 * K real frames. To reproduce that, play action 0 for the first {@link #warmupSteps()} steps (the
 * forward outputs there are on a partly black stack) and follow the policy afterwards; from then
 * on the state holds exactly the frames RL4J would have stacked. {@link #stateRepeating} offers the
 * other common convention, the first frame repeated (gym's FrameStack); neither is RL4J's.
 *
 * <p><b>Frames.</b> {@link #preprocessor()} is {@link Rl4jPreprocessor} with
 * {@link HistoryConfig#forInputSize} (the ALE examples' 84x110 rescale and top 84x84 crop for
 * S = 84) unless another configuration is given. RL4J stacks one frame every {@code skipFrame}
 * (4) emulator frames and repeats the action in between; run such agents on an environment with
 * that frame skip and no sticky actions (e.g. {@code PongDeterministic-v4}).
 *
 * <p>Native input buffers are kept per batch size; outputs are copied to the heap. Not thread-safe.
 */
public final class Rl4jPolicy implements Policy {

    /** The state part name. */
    public static final String FRAMES = "frames";
    private static final float LOG_FLOOR = (float) Math.log(Float.MIN_NORMAL);

    /** What the network computes. */
    public enum Kind { DQN, ACTOR_CRITIC }

    private final MultiLayerNetwork net;
    private final ComputationGraph graph;
    private final NetworkShape shape;
    private final HistoryConfig history;
    private final Rl4jPreprocessor preprocessor;
    private final DataType dtype;
    private final String description;
    private final Map<Integer, INDArray> inputs = new HashMap<>();
    /** Whether {@link #close()} closes the network (true when this class loaded it). */
    private final boolean ownsModel;

    private Rl4jPolicy(Model model, String name, int side, HistoryConfig history, boolean ownsModel) {
        this.ownsModel = ownsModel;
        if (model instanceof MultiLayerNetwork m) {
            this.net = m;
            this.graph = null;
            this.shape = NetworkShape.of(m, name, side);
            this.dtype = m.params().dataType();
        } else if (model instanceof ComputationGraph g) {
            this.net = null;
            this.graph = g;
            this.shape = NetworkShape.of(g, name, side);
            this.dtype = g.params().dataType();
        } else {
            throw new IncompatibleAgentException(name + ": unsupported DL4J model " + model.getClass().getSimpleName()
                    + "; " + NetworkShape.SUPPORTED);
        }
        this.history = history != null ? history : HistoryConfig.forInputSize(shape.side);
        if (!this.history.square() || this.history.croppingWidth() != shape.side) {
            throw new IncompatibleAgentException(name + ": the frame configuration (" + this.history.describe()
                    + ") does not give the " + shape.side + "x" + shape.side + " frames the network takes");
        }
        this.preprocessor = new Rl4jPreprocessor(this.history);
        String kind = shape.kind == NetworkShape.Kind.DQN ? "RL4J DQN" : "RL4J actor-critic";
        this.description = kind + " (" + shape.layers + "; " + shape.frames + "x" + shape.side + "x" + shape.side
                + " frame stack, " + shape.actions + " actions)";
    }

    /**
     * Wraps a DQN network; the frame side is inferred (the smallest side that gives the size the
     * first dense layer expects: 84 for RL4J's Atari nets). {@link #close()} leaves the network open.
     */
    public static Rl4jPolicy of(MultiLayerNetwork net) {
        return new Rl4jPolicy(net, "network", -1, null, false);
    }

    /** Wraps an actor-critic (or single-output Q) graph, as {@link #of(MultiLayerNetwork)}. */
    public static Rl4jPolicy of(ComputationGraph graph) {
        return new Rl4jPolicy(graph, "network", -1, null, false);
    }

    /**
     * Wraps a network with an explicit frame side and frame pipeline; {@link #close()} leaves the
     * network open.
     *
     * @param name     used in error messages (e.g. the file name)
     * @param side     the frame side S, or -1 to infer it
     * @param history  the frame pipeline, or null for {@link HistoryConfig#forInputSize}
     */
    public static Rl4jPolicy of(Model model, String name, int side, HistoryConfig history) {
        return new Rl4jPolicy(model, name, side, history, false);
    }

    /**
     * Loads a DL4J model zip ({@link Dl4jModelZip}) and wraps it, inferring the frame side (the
     * smallest that fits the network: 84 for RL4J's Atari nets; see {@link #load(Path, int, HistoryConfig)}).
     */
    public static Rl4jPolicy load(Path file) throws CheckpointException {
        return load(file, -1, null);
    }

    /** Loads a DL4J model zip with an explicit frame side (-1: infer) and pipeline (null: default). */
    public static Rl4jPolicy load(Path file, int side, HistoryConfig history) throws CheckpointException {
        Model model = Dl4jModelZip.read(file);
        try {
            return new Rl4jPolicy(model, file.toString(), side, history, true);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** DQN or actor-critic. */
    public Kind kind() {
        return shape.kind == NetworkShape.Kind.DQN ? Kind.DQN : Kind.ACTOR_CRITIC;
    }

    /** K, the frames the network sees at once. */
    public int historyLength() {
        return shape.frames;
    }

    /** K-1: the steps of NO_OP RL4J plays at the start of an episode before its first decision. */
    public int warmupSteps() {
        return shape.frames - 1;
    }

    /** The frame pipeline ({@link #preprocessor()} follows it). */
    public HistoryConfig historyConfig() {
        return history;
    }

    /** The wrapped network: a MultiLayerNetwork or a ComputationGraph. */
    public Model model() {
        return net != null ? net : graph;
    }

    @Override
    public FramePreprocessor preprocessor() {
        return preprocessor;
    }

    @Override
    public int inputSize() {
        return shape.side;
    }

    @Override
    public int inputChannels() {
        return 1;
    }

    @Override
    public int actionCount() {
        return shape.actions;
    }

    @Override
    public List<String> stateNames() {
        return shape.frames > 1 ? List.of(FRAMES) : List.of();
    }

    @Override
    public int stateSize() {
        return (shape.frames - 1) * shape.side * shape.side;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * The state in which each agent's K-1 previous frames are all its first frame (the convention of
     * gym's FrameStack, not RL4J's; see the class comment).
     *
     * @param firstFrames  [N*S*S] one preprocessed frame per agent
     */
    public RecurrentState stateRepeating(float[] firstFrames) {
        int fs = shape.side * shape.side;
        if (firstFrames.length == 0 || firstFrames.length % fs != 0) {
            throw new IllegalArgumentException("expected N frames of " + fs + " floats, got " + firstFrames.length);
        }
        int n = firstFrames.length / fs;
        if (shape.frames == 1) {
            return RecurrentState.zeros(n, List.of(), 0);
        }
        int keep = stateSize();
        float[] frames = new float[n * keep];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < shape.frames - 1; j++) {
                System.arraycopy(firstFrames, i * fs, frames, i * keep + j * fs, fs);
            }
        }
        return new RecurrentState(n, List.of(FRAMES), List.of(frames));
    }

    @Override
    public PolicyOutput forward(float[] observations, RecurrentState state) {
        int n = state.batch();
        int fs = shape.side * shape.side;
        int keep = stateSize();
        int k = shape.frames;
        if (observations.length != n * fs) {
            throw new IllegalArgumentException("expected " + n + " observations of " + fs + " floats (1x" + shape.side
                    + "x" + shape.side + "), got " + observations.length + " floats");
        }
        float[] frames = k > 1 ? state.part(FRAMES) : new float[0];
        if (frames.length != n * keep) {
            throw new IllegalArgumentException("expected a state of " + n + " x " + keep + " floats (" + (k - 1)
                    + " frames), got " + frames.length);
        }
        INDArray input = inputs.computeIfAbsent(n, b -> Nd4j.create(DataType.FLOAT, b, k, shape.side, shape.side));
        FloatPointer p = new FloatPointer(input.data().addressPointer());
        float[] next = new float[n * keep];
        for (int i = 0; i < n; i++) {
            // agent i's stack: its K-1 stored frames (oldest first), then the new one
            p.position((long) i * k * fs).put(frames, i * keep, keep);
            p.position((long) i * k * fs + keep).put(observations, i * fs, fs);
            if (k > 1) {
                System.arraycopy(frames, i * keep + fs, next, i * keep, keep - fs);
                System.arraycopy(observations, i * fs, next, i * keep + keep - fs, fs);
            }
        }
        INDArray x = dtype == DataType.FLOAT ? input : input.castTo(dtype);
        int a = shape.actions;
        float[] logits;
        float[] values = new float[n];
        if (net != null) {
            INDArray q = net.output(x, false);
            logits = toFloats(q, n * a);
            q.close();
            maxRows(logits, n, a, values);
        } else {
            INDArray[] outs = graph.output(false, x);
            if (shape.kind == NetworkShape.Kind.DQN) {
                logits = toFloats(outs[0], n * a);
                maxRows(logits, n, a, values);
            } else {
                logits = toFloats(outs[shape.policyOutput], n * a);
                for (int j = 0; j < logits.length; j++) {
                    logits[j] = logits[j] > 0f ? Math.max((float) Math.log(logits[j]), LOG_FLOOR) : LOG_FLOOR;
                }
                values = toFloats(outs[shape.valueOutput], n);
            }
            for (INDArray o : outs) {
                o.close();
            }
        }
        if (x != input) {
            x.close();
        }
        RecurrentState nextState = k > 1 ? new RecurrentState(n, List.of(FRAMES), List.of(next))
                : RecurrentState.zeros(n, List.of(), 0);
        return new PolicyOutput(n, a, logits, values, nextState);
    }

    private static float[] toFloats(INDArray a, int expected) {
        if (a.length() != expected) {
            throw new IllegalStateException("network output " + java.util.Arrays.toString(a.shape()) + " has "
                    + a.length() + " values, expected " + expected);
        }
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        float[] out = f.ravel().toFloatVector(); // row-major
        if (f != a) {
            f.close();
        }
        return out;
    }

    private static void maxRows(float[] q, int n, int a, float[] values) {
        for (int i = 0; i < n; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < a; j++) {
                m = Math.max(m, q[i * a + j]);
            }
            values[i] = m;
        }
    }

    @Override
    public void close() {
        inputs.values().forEach(INDArray::close);
        inputs.clear();
        if (ownsModel) {
            model().close();
        }
    }
}
