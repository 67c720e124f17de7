package org.atarisaliency.agents.sb3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.checkpoint.AgentFiles;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.checkpoint.FiniteValues;
import org.atarisaliency.agents.checkpoint.StateDict;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.checkpoint.TorchCheckpoint;
import org.atarisaliency.agents.checkpoint.ZipEntries;
import org.atarisaliency.env.OutputFiles;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Reads a Stable-Baselines3 (or sb3-contrib) {@code model.save()} zip without running any of its
 * pickles: {@code policy.pth} (the policy's state dict) goes through the safe
 * {@link TorchCheckpoint} reader, and of {@code data} (JSON) only plain fields are read: the
 * policy class's {@code __module__}, the action space's {@code n}, the observation space's
 * {@code _shape}, and from {@code policy_kwargs} {@code normalize_images}, {@code activation_fn}
 * (its class name as text) and {@code n_quantiles}. The {@code ":serialized:"} cloudpickle blobs
 * are never decoded. {@code pytorch_variables.pth}, {@code policy.optimizer.pth} and
 * {@code system_info.txt} are not needed; {@code _stable_baselines3_version} goes into the
 * description.
 *
 * <p>Supported: DQN and QR-DQN ({@code CnnPolicy}), and A2C, PPO (also MaskablePPO, TRPO: the same
 * policy class) with {@code CnnPolicy}, with a shared or separate ({@code share_features_extractor=False})
 * feature extractor and optional {@code net_arch} hidden layers (ReLU or Tanh). Everything must sit
 * on SB3's {@code NatureCNN} over a stack of grey frames, with a {@code Discrete} action space.
 * Also sb3-contrib's {@code RecurrentPPO} with {@code CnnLstmPolicy} over one frame per step or a frame stack (RL Zoo's
 * {@code frame_stack: 4})
 * ({@link RecurrentPpoZip}, {@link RecurrentPpoPolicy}): a one-layer {@code lstm_actor}, the critic's own
 * {@code lstm_critic} (the default), the shared LSTM ({@code shared_lstm=True}) or a linear {@code critic}
 * ({@code enable_critic_lstm=False}), shared or separate feature extractors, optional {@code net_arch};
 * its memory is the LSTMs' (h, c), reset at each lost life only where RL Zoo's config.yml beside the zip says
 * its AtariWrapper ended episodes there ({@link ZooConfig}).
 * Refused with a one-line {@link IncompatibleAgentException}: continuous-action algorithms (SAC,
 * TD3, DDPG, TQC), ARS, {@code MlpPolicy} / {@code MultiInputPolicy} and custom feature extractors,
 * RecurrentPPO with {@code n_lstm_layers > 1}.
 */
public final class Sb3Zip {
    private static final long MAX_DATA_BYTES = 256L << 20;
    private static final long MAX_POLICY_BYTES = 4L << 30;
    private static final Pattern LAYER = Pattern.compile("(\\d+)\\.weight");
    private static final String[] SB3_CONVS = {"cnn.0", "cnn.2", "cnn.4"};

    private Sb3Zip() {
    }

    /** Whether {@code file} is a zip with SB3's {@code data} and {@code policy.pth} entries. */
    public static boolean sniff(Path file) {
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(4);
            }
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
                return false;
            }
            try (ZipFile zip = new ZipFile(file.toFile())) {
                return zip.getEntry("data") != null && zip.getEntry("policy.pth") != null;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Loads an SB3 zip as a {@link NatureCnnPolicy} (a {@link RecurrentPpoPolicy} for RecurrentPPO).
     *
     * @throws CheckpointException          unreadable (one line, naming the file)
     * @throws IncompatibleAgentException   not an Atari CNN policy this class supports
     */
    public static Policy load(Path file) throws CheckpointException {
        String name = file.getFileName().toString();
        AgentFiles.requireRegular(file);
        JsonNode data;
        String version;
        StateDict dict;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry d = zip.getEntry("data");
            ZipEntry p = zip.getEntry("policy.pth");
            if (d == null || p == null) {
                throw new CheckpointException(name + ": not a Stable-Baselines3 zip (no 'data' or 'policy.pth' entry);"
                        + " save the agent with model.save(path)");
            }
            byte[] dataBytes = read(zip, d, MAX_DATA_BYTES, name);
            try {
                data = new ObjectMapper().readTree(dataBytes);
            } catch (IOException e) {
                throw new CheckpointException(name + ": the 'data' entry is not JSON (" + firstLine(e) + ")", e);
            }
            ZipEntry v = zip.getEntry("_stable_baselines3_version");
            version = v == null ? "?" : new String(read(zip, v, 64, name), StandardCharsets.UTF_8).trim();
            // the nested checkpoint is read from a private temporary folder, removed always (also at Ctrl-C)
            Path folder = OutputFiles.tempFolder(Path.of(System.getProperty("java.io.tmpdir")), "sb3-policy-");
            Path tmp = folder.resolve("policy.pth");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ZipEntries.copy(name, zip, p, MAX_POLICY_BYTES, out);
                }
                dict = TorchCheckpoint.read(tmp);
                FiniteValues.requireFinite(dict);
            } catch (CheckpointException e) {
                throw new CheckpointException(name + ": policy.pth: " + stripPrefix(e.getMessage(), tmp.toString()), e);
            } finally {
                OutputFiles.deleteTree(folder);
                OutputFiles.released(folder);
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException(name + ": file not found; check the path", e);
        } catch (ZipException e) {
            throw new CheckpointException(name + ": damaged zip archive (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CheckpointException(name + ": cannot read file (" + e + ")", e);
        }
        Policy policy = build(name, data, version, dict);
        if (!(policy instanceof RecurrentPpoPolicy recurrent)) {
            return policy;
        }
        try {
            return recurrent.withMemoryReset(ZooConfig.memoryReset(file));
        } catch (CheckpointException e) {
            recurrent.close();
            throw e;
        }
    }

    static Policy build(String name, JsonNode data, String version, StateDict dict) throws CheckpointException {
        String module = data.path("policy_class").path("__module__").asText("");
        String algo = algorithm(name, module, data, dict);
        JsonNode action = data.path("action_space");
        String actionType = action.path(":type:").asText("");
        if (!actionType.isEmpty() && !actionType.contains("Discrete")) {
            throw new IncompatibleAgentException(name + ": SB3 " + algo + " with action space " + actionType
                    + " is not an Atari agent; only Discrete actions are supported");
        }
        int n = action.has("n") ? Integer.parseInt(action.get("n").asText().trim()) : -1;
        JsonNode kwargs = data.path("policy_kwargs");
        boolean normalize = !kwargs.has("normalize_images") || kwargs.get("normalize_images").asBoolean(true);
        int side = -1;
        JsonNode shape = data.path("observation_space").path("_shape");
        if (shape.isArray() && shape.size() == 3) {
            int c = shape.get(0).asInt();
            int h = shape.get(1).asInt();
            int w = shape.get(2).asInt();
            if (h != w) {
                throw new IncompatibleAgentException(name + ": observations of shape " + shape
                        + " are not a channels-first stack of square frames");
            }
            side = h;
            TensorData conv0 = null;
            for (String t : List.of("features_extractor.cnn.0.weight", "q_net.features_extractor.cnn.0.weight",
                    "quantile_net.features_extractor.cnn.0.weight", "pi_features_extractor.cnn.0.weight")) {
                if (dict.contains(t)) {
                    conv0 = dict.get(t);
                    break;
                }
            }
            if (conv0 != null && conv0.rank() == 4 && conv0.dim(1) != c) {
                throw new IncompatibleAgentException(name + ": observations of shape " + shape + " but the first conv takes "
                        + conv0.dim(1) + " channels");
            }
        }
        Activation act;
        String actName = kwargs.path("activation_fn").asText(null);
        boolean valueBased = algo.equals("DQN") || algo.equals("QR-DQN");
        if (actName == null) {
            act = valueBased ? Activation.RELU : Activation.TANH; // QNetwork's and ActorCriticPolicy's defaults
        } else {
            act = Activation.fromClassName(actName);
        }
        if (algo.equals(RecurrentPpoZip.ALGO)) {
            return RecurrentPpoZip.build(name, version, dict, side, n, act, actName, normalize);
        }
        String desc;
        NatureCnnPolicy policy;
        float scale = normalize ? 1f : 255f;
        Sb3Preprocessor pre;
        switch (algo) {
            case "DQN", "QR-DQN" -> {
                String net = algo.equals("DQN") ? "q_net" : "quantile_net";
                NatureCnn trunk = trunk(dict, net + ".features_extractor.", side, name, algo);
                pre = new Sb3Preprocessor(trunk.side);
                List<Dense> layers = layers(dict, net + "." + net + ".", name);
                if (layers.isEmpty()) {
                    throw new IncompatibleAgentException(name + ": no " + net + "." + net + ".* layers; not an SB3 " + algo);
                }
                requireActivation(act, actName, layers.size() > 1, name);
                Dense out = layers.remove(layers.size() - 1);
                int bins = 1;
                NatureCnnPolicy.Head head = NatureCnnPolicy.Head.Q;
                if (algo.equals("QR-DQN")) {
                    head = NatureCnnPolicy.Head.QUANTILE;
                    if (kwargs.has("n_quantiles")) {
                        bins = kwargs.get("n_quantiles").asInt();
                    } else if (n > 0) {
                        bins = out.out() / n;
                    } else {
                        throw new IncompatibleAgentException(name + ": neither n_quantiles nor the action count is readable");
                    }
                }
                checkActions(name, out.out(), bins, n);
                policy = new NatureCnnPolicy("", head, trunk, null, layers, List.of(), act, out, null, bins, null, scale, pre);
                desc = describeTrunk(trunk) + (layers.isEmpty() ? "" : ", " + layers.size() + " hidden")
                        + (bins > 1 ? ", " + bins + " quantiles" : "");
            }
            default -> {
                if (!dict.contains("action_net.weight") || !dict.contains("value_net.weight")) {
                    throw new IncompatibleAgentException(name + ": SB3 " + algo + " policy without action_net/value_net");
                }
                String piPrefix = dict.contains("pi_features_extractor.cnn.0.weight") ? "pi_features_extractor." : "features_extractor.";
                NatureCnn pi = trunk(dict, piPrefix, side, name, algo);
                NatureCnn vf = null;
                if (dict.contains("vf_features_extractor.cnn.0.weight") && !sameTensors(dict, piPrefix, "vf_features_extractor.")) {
                    vf = trunk(dict, "vf_features_extractor.", pi.side, name, algo);
                }
                pre = new Sb3Preprocessor(pi.side);
                List<Dense> piMlp = layers(dict, "mlp_extractor.policy_net.", name);
                List<Dense> vfMlp = layers(dict, "mlp_extractor.value_net.", name);
                requireActivation(act, actName, !piMlp.isEmpty() || !vfMlp.isEmpty(), name);
                Dense out = Dense.read(dict, "action_net", name);
                Dense value = Dense.read(dict, "value_net", name);
                if (value.out() != 1) {
                    throw new IncompatibleAgentException(name + ": value_net has " + value.out() + " outputs, expected 1");
                }
                checkActions(name, out.out(), 1, n);
                policy = new NatureCnnPolicy("", NatureCnnPolicy.Head.ACTOR_CRITIC, pi, vf, piMlp, vfMlp, act, out, value,
                        1, null, scale, pre);
                desc = describeTrunk(pi) + (vf != null ? ", separate critic trunk" : "")
                        + (piMlp.isEmpty() && vfMlp.isEmpty() ? "" : ", mlp " + piMlp.size() + "/" + vfMlp.size() + " hidden "
                        + act.name().toLowerCase());
            }
        }
        String full = "SB3 " + algo + " " + version + " CnnPolicy (" + desc + "; " + policy.actionCount() + " actions"
                + (normalize ? "" : "; normalize_images=False") + ")";
        return policy.withDescription(full);
    }

    static String describeTrunk(NatureCnn t) {
        return "NatureCNN " + t.frames + "x" + t.side + "x" + t.side + " frame stack, " + t.features + " features";
    }

    static void requireActivation(Activation act, String actName, boolean needed, String name) {
        if (act == null && needed) {
            throw new IncompatibleAgentException(name + ": activation_fn " + actName + " is not supported (ReLU or Tanh)");
        }
    }

    static void checkActions(String name, int outputs, int bins, int n) {
        if (outputs % bins != 0 || (n > 0 && outputs / bins != n)) {
            throw new IncompatibleAgentException(name + ": the action head has " + outputs + " outputs"
                    + (bins > 1 ? " (" + bins + " per action)" : "") + " but the action space has " + n + " actions");
        }
    }

    /** The algorithm from the policy class's module (and the data's keys); refuses what is not an Atari CNN policy. */
    private static String algorithm(String name, String module, JsonNode data, StateDict dict) {
        String m = module.toLowerCase();
        for (String[] bad : new String[][] {{".sac.", "SAC"}, {".td3.", "TD3 (or DDPG)"}, {".ddpg.", "DDPG"},
                {".tqc.", "TQC"}, {".ars.", "ARS"}, {".crossq.", "CrossQ"}}) {
            if (m.contains(bad[0])) {
                throw new IncompatibleAgentException(name + ": SB3 " + bad[1] + " is not an Atari CNN policy"
                        + " (continuous actions); supported: DQN, QR-DQN, A2C, PPO with CnnPolicy, RecurrentPPO with CnnLstmPolicy");
            }
        }
        String algo;
        if (m.contains("ppo_recurrent") || m.contains("recurrent") || dict.contains("lstm_actor.weight_ih_l0")) {
            algo = RecurrentPpoZip.ALGO;
        } else if (m.contains(".qrdqn.") || dict.contains("quantile_net.features_extractor.cnn.0.weight")
                || dict.contains("quantile_net.quantile_net.0.weight")) {
            algo = "QR-DQN";
        } else if (m.contains(".dqn.") || dict.contains("q_net.q_net.0.weight")) {
            algo = "DQN";
        } else if (dict.contains("action_net.weight")) {
            algo = data.has("clip_range") ? (m.contains("maskable") ? "MaskablePPO" : "PPO")
                    : data.has("cg_max_steps") ? "TRPO" : "A2C";
        } else {
            throw new IncompatibleAgentException(name + ": unrecognised SB3 policy" + (module.isEmpty() ? "" : " from " + module)
                    + " (tensors " + abbreviate(dict) + "); supported: DQN, QR-DQN, A2C, PPO with CnnPolicy, RecurrentPPO with CnnLstmPolicy");
        }
        return algo;
    }

    static NatureCnn trunk(StateDict dict, String prefix, int side, String name, String algo) throws CheckpointException {
        if (!dict.contains(prefix + "cnn.0.weight")) {
            throw new IncompatibleAgentException(name + ": SB3 " + algo + " without " + prefix + "cnn.*: not a CnnPolicy"
                    + " (MlpPolicy, MultiInputPolicy or a custom feature extractor are not supported)");
        }
        return NatureCnn.read(dict, prefix, SB3_CONVS, "linear.0", side, name);
    }

    /** The linear layers {@code prefix + i}, by index (Sequential of Linear and activations). */
    static List<Dense> layers(StateDict dict, String prefix, String name) throws CheckpointException {
        TreeMap<Integer, String> idx = new TreeMap<>();
        for (String t : dict.names()) {
            if (t.startsWith(prefix)) {
                Matcher mt = LAYER.matcher(t.substring(prefix.length()));
                if (mt.matches()) {
                    idx.put(Integer.parseInt(mt.group(1)), prefix + mt.group(1));
                }
            }
        }
        List<Dense> out = new ArrayList<>();
        for (String l : idx.values()) {
            Dense d = Dense.read(dict, l, name);
            if (!out.isEmpty() && out.get(out.size() - 1).out() != d.in()) {
                throw new IncompatibleAgentException(name + ": " + l + " takes " + d.in() + " inputs but the layer before gives "
                        + out.get(out.size() - 1).out());
            }
            out.add(d);
        }
        return out;
    }

    static boolean sameTensors(StateDict dict, String a, String b) throws CheckpointException {
        for (String t : dict.names()) {
            if (t.startsWith(a)) {
                String other = b + t.substring(a.length());
                if (!dict.contains(other) || !Arrays.equals(dict.get(t).values(), dict.get(other).values())) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String abbreviate(StateDict dict) {
        List<String> names = new ArrayList<>(dict.names());
        return names.size() <= 6 ? names.toString() : names.subList(0, 6) + " and " + (names.size() - 6) + " more";
    }

    private static byte[] read(ZipFile zip, ZipEntry e, long limit, String name) throws IOException {
        return ZipEntries.read(name, zip, e, limit);
    }

    private static String stripPrefix(String msg, String tmp) {
        String m = msg == null ? "" : msg;
        return m.startsWith(tmp + ": ") ? m.substring(tmp.length() + 2) : m.replace(tmp, "policy.pth");
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
