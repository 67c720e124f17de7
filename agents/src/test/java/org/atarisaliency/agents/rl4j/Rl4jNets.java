package org.atarisaliency.agents.rl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Networks built the way RL4J's factories build them (rl4j-core 1.0.0-M1.1 sources:
 * {@code DQNFactoryStdConv}, {@code ActorCriticFactoryCompGraphStdConv},
 * {@code DQNFactoryStdDense}), with a fixed seed, and helpers to save and tamper with model zips.
 */
public final class Rl4jNets {

    /** RL4J's loss class for the policy head; not on our class path. */
    static final String ACTOR_CRITIC_LOSS = "org.deeplearning4j.rl4j.network.ac.ActorCriticLoss";

    private Rl4jNets() {
    }

    /** DQNFactoryStdConv.buildDQN(new int[] {k, s, s}, actions). */
    public static MultiLayerNetwork dqn(int k, int s, int actions, long seed) {
        return dqn(k, s, actions, seed, DataType.FLOAT);
    }

    /** The same, with parameters of the given type (older DL4J defaulted to double in places). */
    static MultiLayerNetwork dqn(int k, int s, int actions, long seed, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .l2(0.0).updater(new Adam()).weightInit(WeightInit.XAVIER).list()
                .layer(0, new ConvolutionLayer.Builder(8, 8).nIn(k).nOut(16).stride(4, 4).activation(Activation.RELU).build())
                .layer(1, new ConvolutionLayer.Builder(4, 4).nOut(32).stride(2, 2).activation(Activation.RELU).build())
                .layer(2, new DenseLayer.Builder().nOut(256).activation(Activation.RELU).build())
                .layer(3, new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(actions).build())
                .setInputType(InputType.convolutional(s, s, k))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * ActorCriticFactoryCompGraphStdConv.buildActorCritic(new int[] {k, s, s}, actions) without
     * LSTM: input "input", trunk "0", "1", "2", outputs "value" (identity, MSE) and "softmax" (softmax;
     * RL4J's ActorCriticLoss, replaced by MCXENT here and put back by {@link #withRl4jLoss}).
     */
    public static ComputationGraph actorCritic(int k, int s, int actions, long seed) {
        int h = (((s - 8) / 4 + 1) - 4) / 2 + 1;
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .optimizationAlgo(OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT)
                .updater(new Adam()).weightInit(WeightInit.XAVIER).l2(0.0).graphBuilder()
                .addInputs("input")
                .addLayer("0", new ConvolutionLayer.Builder(8, 8).nIn(k).nOut(16).stride(4, 4)
                        .activation(Activation.RELU).build(), "input");
        b.addLayer("1", new ConvolutionLayer.Builder(4, 4).nIn(16).nOut(32).stride(2, 2).activation(Activation.RELU).build(), "0");
        b.addLayer("2", new DenseLayer.Builder().nIn(h * h * 32).nOut(256).activation(Activation.RELU).build(), "1");
        b.addLayer("value", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(256).nOut(1).build(), "2");
        b.addLayer("softmax", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(256).nOut(actions).build(), "2");
        b.setOutputs("value", "softmax");
        b.setInputTypes(InputType.convolutional(s, s, k));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** The useLSTM = true variant of the same factory (recurrent: not supported). */
    static ComputationGraph actorCriticLstm(int k, int s, int actions, long seed) {
        int h = (((s - 8) / 4 + 1) - 4) / 2 + 1;
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
                .updater(new Adam()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("input")
                .addLayer("0", new ConvolutionLayer.Builder(8, 8).nIn(k).nOut(16).stride(4, 4)
                        .activation(Activation.RELU).build(), "input");
        b.addLayer("1", new ConvolutionLayer.Builder(4, 4).nIn(16).nOut(32).stride(2, 2).activation(Activation.RELU).build(), "0");
        b.addLayer("2", new DenseLayer.Builder().nIn(h * h * 32).nOut(256).activation(Activation.RELU).build(), "1");
        b.addLayer("3", new LSTM.Builder().nIn(256).nOut(256).activation(Activation.TANH).build(), "2");
        b.addLayer("value", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(256).nOut(1).build(), "3");
        b.addLayer("softmax", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(256).nOut(actions).build(), "3");
        b.setOutputs("value", "softmax");
        b.inputPreProcessor("0", new RnnToCnnPreProcessor(s, s, k));
        b.inputPreProcessor("2", new CnnToFeedForwardPreProcessor(h, h, 32));
        b.inputPreProcessor("3", new FeedForwardToRnnPreProcessor());
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** DQNFactoryStdDense with one hidden layer over a flat input (e.g. the 128 bytes of Atari RAM). */
    static MultiLayerNetwork denseDqn(int inputs, int actions, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam())
                .weightInit(WeightInit.XAVIER).list()
                .layer(0, new DenseLayer.Builder().nIn(inputs).nOut(16).activation(Activation.RELU).build())
                .layer(1, new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(16).nOut(actions).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Saves like RL4J's {@code save(path)}: ModelSerializer.writeModel with the updater. */
    public static Path save(Model model, Path file) throws IOException {
        ModelSerializer.writeModel(model, file.toFile(), true);
        return file;
    }

    /** All entries of a zip, in order. */
    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry ze = e.nextElement();
                try (InputStream in = z.getInputStream(ze)) {
                    m.put(ze.getName(), in.readAllBytes());
                }
            }
        }
        return m;
    }

    static Path writeZip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    /** A copy of {@code zip} with configuration.json passed through {@code edit}. */
    static Path editConfiguration(Path zip, Path out, UnaryOperator<String> edit) throws IOException {
        Map<String, byte[]> m = entries(zip);
        String json = new String(m.get(Dl4jModelZip.CONFIGURATION), StandardCharsets.UTF_8);
        m.put(Dl4jModelZip.CONFIGURATION, edit.apply(json).getBytes(StandardCharsets.UTF_8));
        return writeZip(out, m);
    }

    /**
     * A copy of an actor-critic zip whose policy head names RL4J's ActorCriticLoss, as a zip saved
     * by RL4J does.
     */
    public static Path withRl4jLoss(Path zip, Path out) throws IOException {
        return editConfiguration(zip, out, json -> {
            Matcher m = Pattern.compile("(\"lossFn\"\\s*:\\s*\\{\\s*\"@class\"\\s*:\\s*\")"
                    + "org\\.nd4j\\.linalg\\.lossfunctions\\.impl\\.LossMCXENT\"[^}]*\\}").matcher(json);
            StringBuilder sb = new StringBuilder();
            int count = 0;
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + ACTOR_CRITIC_LOSS + "\" }"));
                count++;
            }
            m.appendTail(sb);
            assertEquals(1, count, "expected one MCXENT loss in the configuration to replace:\n" + json);
            return sb.toString();
        });
    }
}
