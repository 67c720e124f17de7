package org.atarisaliency.agents.rl4j;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.atarisaliency.agents.checkpoint.AgentFiles;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Reads a DL4J model zip as written by {@code ModelSerializer.writeModel} (what RL4J's
 * {@code DQN.save} / {@code ActorCriticCompGraph.save} and {@code policy.save} produce): the
 * network configuration {@code configuration.json} and the flat parameter vector
 * {@code coefficients.bin}; the updater state and normalizer entries are ignored.
 *
 * <p>Unlike {@code ModelSerializer.restore*}, entries are read with size limits checked against
 * the configuration before anything is allocated, so a damaged or hostile file gives a one-line
 * {@link CheckpointException} and never a huge allocation. Loss functions do not matter for
 * inference: a loss class that is not on the class path (RL4J's
 * {@code org.deeplearning4j.rl4j.network.ac.ActorCriticLoss} in actor-critic nets; rl4j-core is
 * not a dependency) is replaced by a standard one before the configuration is parsed.
 */
public final class Dl4jModelZip {

    /** Entry names fixed by DL4J's ModelSerializer. */
    public static final String CONFIGURATION = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";

    static final int MAX_CONFIG_BYTES = 64 << 20;
    /** coefficients.bin: headers plus at most 8 bytes per parameter, plus this slack. */
    private static final int HEADER_SLACK = 1 << 16;
    private static final String HINT = "the file is truncated or corrupted; copy it again or re-save the network"
            + " with ModelSerializer.writeModel";

    private Dl4jModelZip() {
    }

    /**
     * Whether {@code file} is (or was meant to be) a DL4J model zip: a zip whose entries include
     * configuration.json and coefficients.bin, or a damaged zip whose first entry is one of those
     * (ModelSerializer writes configuration.json first). PyTorch's zip checkpoints have neither.
     */
    public static boolean sniff(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(30 + 64);
        } catch (IOException e) {
            return false;
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getEntry(CONFIGURATION) != null && zip.getEntry(COEFFICIENTS) != null;
        } catch (IOException e) {
            return firstEntryIsDl4j(head);
        }
    }

    /** The name in the first local file header (offset 26: name length, 28: extra length, 30: name). */
    private static boolean firstEntryIsDl4j(byte[] head) {
        if (head.length < 30 || head[2] != 3 || head[3] != 4) {
            return false;
        }
        int len = (head[26] & 0xff) | (head[27] & 0xff) << 8;
        if (len <= 0 || 30 + len > head.length) {
            return false;
        }
        String name = new String(head, 30, len, StandardCharsets.UTF_8);
        return name.equals(CONFIGURATION) || name.equals(COEFFICIENTS);
    }

    /**
     * Reads the network: a {@link MultiLayerNetwork} or a {@link ComputationGraph}, initialised with
     * the stored parameters.
     *
     * @throws CheckpointException one line naming the file, the problem and a fix hint
     */
    public static Model read(Path file) throws CheckpointException {
        String name = file.toString();
        AgentFiles.requireRegular(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry confEntry = zip.getEntry(CONFIGURATION);
            ZipEntry coefEntry = zip.getEntry(COEFFICIENTS);
            if (confEntry == null) {
                throw new CheckpointException(name + ": zip archive without " + CONFIGURATION
                        + "; not a DL4J model zip (save the network with ModelSerializer.writeModel)");
            }
            if (coefEntry == null) {
                throw new CheckpointException(name + ": DL4J model zip without " + COEFFICIENTS
                        + " (saved without parameters?); re-save the trained network with ModelSerializer.writeModel");
            }
            String json = new String(readEntry(name, zip, confEntry, MAX_CONFIG_BYTES), StandardCharsets.UTF_8);
            Object conf = parseConfiguration(name, json);
            long numParams = numParams(conf);
            long maxBytes = numParams * 8 + HEADER_SLACK;
            if (maxBytes > Integer.MAX_VALUE - 64) {
                throw new CheckpointException(name + ": network of " + numParams + " parameters is larger than this"
                        + " reader supports (2 GiB)");
            }
            if (coefEntry.getSize() > maxBytes) {
                throw new CheckpointException(name + ": " + COEFFICIENTS + " holds " + coefEntry.getSize() + " bytes,"
                        + " more than the " + numParams + " parameters of its configuration need; " + HINT);
            }
            byte[] coef = readEntry(name, zip, coefEntry, (int) maxBytes);
            DataType dtype = conf instanceof MultiLayerConfiguration m ? m.getDataType()
                    : ((ComputationGraphConfiguration) conf).getDataType();
            INDArray params = readParams(name, coef, numParams).castTo(dtype == null ? DataType.FLOAT : dtype);
            Model model;
            if (conf instanceof MultiLayerConfiguration m) {
                model = new MultiLayerNetwork(m);
                ((MultiLayerNetwork) model).init(params, false);
            } else {
                model = new ComputationGraph((ComputationGraphConfiguration) conf);
                ((ComputationGraph) model).init(params, false);
            }
            for (Map.Entry<String, INDArray> p : model.paramTable().entrySet()) {
                FiniteValues.requireFinite(name, p.getKey(), p.getValue().castTo(DataType.FLOAT).ravel().toFloatVector());
            }
            return model;
        } catch (CheckpointException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new CheckpointException(name + ": file not found; check the path", e);
        } catch (ZipException e) {
            throw new CheckpointException(name + ": damaged zip archive (" + shortMessage(e) + "); " + HINT, e);
        } catch (IOException e) {
            throw new CheckpointException(name + ": cannot read file (" + shortMessage(e) + "); " + HINT, e);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new CheckpointException(name + ": cannot load the DL4J network (" + shortMessage(e) + "); " + HINT, e);
        }
    }

    private static byte[] readEntry(String name, ZipFile zip, ZipEntry e, int limit) throws IOException {
        if (e.getSize() > limit) {
            throw new CheckpointException(name + ": " + e.getName() + " of " + e.getSize() + " bytes is larger than"
                    + " this reader accepts (" + limit + " bytes); " + HINT);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(limit);
            if (in.read() >= 0) {
                throw new CheckpointException(name + ": " + e.getName() + " is larger than this reader accepts ("
                        + limit + " bytes); " + HINT);
            }
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new CheckpointException(name + ": " + e.getName() + (b.length < e.getSize() ? " is truncated ("
                        : " is damaged (") + b.length + " bytes where the zip directory says " + e.getSize() + "); " + HINT);
            }
            return b;
        }
    }

    /** MultiLayerConfiguration or ComputationGraphConfiguration, after replacing unknown loss classes. */
    static Object parseConfiguration(String name, String json) throws CheckpointException {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(name + ": " + CONFIGURATION + " is not valid JSON (" + shortMessage(e) + "); "
                    + HINT, e);
        }
        if (root == null || !root.isObject() || !(root.has("confs") || root.has("vertices"))) {
            throw new CheckpointException(name + ": " + CONFIGURATION + " is not a DL4J network configuration (no"
                    + " \"confs\" or \"vertices\"); expected a MultiLayerNetwork or ComputationGraph saved by"
                    + " ModelSerializer.writeModel");
        }
        int replaced = replaceUnknownLosses(root);
        String fixed = replaced > 0 ? root.toString() : json;
        try {
            if (root.has("vertices")) {
                return ComputationGraphConfiguration.fromJson(fixed);
            }
            return MultiLayerConfiguration.fromJson(fixed);
        } catch (RuntimeException e) {
            throw new CheckpointException(name + ": cannot read the network configuration in " + CONFIGURATION + " ("
                    + shortMessage(e) + "); it needs a layer or class this DL4J " + "(1.0.0-M2.1) does not know", e);
        }
    }

    /**
     * Replaces every {@code "lossFn": {"@class": X}} whose class X is not on the class path by
     * multi-class cross-entropy (only used for training). Returns how many were replaced.
     */
    static int replaceUnknownLosses(JsonNode node) {
        int n = 0;
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            JsonNode loss = obj.get("lossFn");
            if (loss != null && loss.isObject() && loss.has("@class") && !loadable(loss.get("@class").asText())) {
                ObjectNode standard = obj.objectNode();
                standard.put("@class", "org.nd4j.linalg.lossfunctions.impl.LossMCXENT");
                obj.set("lossFn", standard);
                n++;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                n += replaceUnknownLosses(it.next().getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                n += replaceUnknownLosses(child);
            }
        }
        return n;
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, Dl4jModelZip.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static long numParams(Object conf) {
        long n = 0;
        if (conf instanceof MultiLayerConfiguration m) {
            for (NeuralNetConfiguration c : m.getConfs()) {
                n += c.getLayer().initializer().numParams(c);
            }
        } else {
            for (GraphVertex v : ((ComputationGraphConfiguration) conf).getVertices().values()) {
                n += v.numParams(false);
            }
        }
        return n;
    }

    /**
     * Checks the two buffer headers of {@code Nd4j.write} (shape info, then data: allocation mode,
     * length, data type, values) against the expected parameter count before handing the bytes
     * to {@code Nd4j.read}, so that a damaged length can never make it allocate.
     */
    private static INDArray readParams(String name, byte[] coef, long numParams) throws CheckpointException {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(coef));
            long[] shapeHeader = header(name, in);
            if (shapeHeader[0] < 0 || shapeHeader[0] > 2 * 32 + 4) {
                throw new CheckpointException(name + ": " + COEFFICIENTS + " has a shape header of " + shapeHeader[0]
                        + " entries; " + HINT);
            }
            in.skipNBytes(shapeHeader[0] * shapeHeader[1]);
            long[] dataHeader = header(name, in);
            if (dataHeader[0] != numParams) {
                throw new CheckpointException(name + ": " + COEFFICIENTS + " holds " + dataHeader[0] + " parameters but"
                        + " the network in " + CONFIGURATION + " has " + numParams + "; the two entries do not belong"
                        + " together, or " + HINT);
            }
            if (in.available() < dataHeader[0] * dataHeader[1]) {
                throw new CheckpointException(name + ": " + COEFFICIENTS + " is truncated (" + in.available() + " of "
                        + dataHeader[0] * dataHeader[1] + " bytes of parameters); " + HINT);
            }
        } catch (IOException e) {
            throw new CheckpointException(name + ": " + COEFFICIENTS + " is truncated (" + shortMessage(e) + "); "
                    + HINT, e);
        }
        INDArray params = Nd4j.read(new DataInputStream(new ByteArrayInputStream(coef)));
        if (params.length() != numParams) {
            throw new CheckpointException(name + ": " + COEFFICIENTS + " holds " + params.length() + " parameters but"
                    + " the configuration has " + numParams + "; " + HINT);
        }
        return params;
    }

    /** {length, bytes per element} of one DataBuffer header. */
    private static long[] header(String name, DataInputStream in) throws IOException {
        String mode = in.readUTF();
        DataBuffer.AllocationMode alloc;
        try {
            alloc = DataBuffer.AllocationMode.valueOf(mode);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(name + ": " + COEFFICIENTS + " is not an ND4J array (allocation mode '"
                    + printable(mode) + "'); " + HINT);
        }
        long length = alloc.ordinal() < 3 ? in.readInt() : in.readLong();
        String type = in.readUTF();
        int width;
        try {
            DataType t = DataType.valueOf(type);
            width = t == DataType.COMPRESSED || t == DataType.UTF8 || t == DataType.UNKNOWN ? -1 : t.width();
        } catch (IllegalArgumentException e) {
            width = -1;
        }
        if (width <= 0) {
            throw new CheckpointException(name + ": " + COEFFICIENTS + " has data type '" + printable(type)
                    + "', which this reader does not support; re-save the network with ModelSerializer.writeModel");
        }
        if (length < 0) {
            throw new CheckpointException(name + ": " + COEFFICIENTS + " has a negative length; " + HINT);
        }
        return new long[] {length, width};
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** The first line of an exception's message (DL4J and Jackson messages span lines), at most 200 chars. */
    static String shortMessage(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        m = m.strip().lines().findFirst().orElse("").strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
