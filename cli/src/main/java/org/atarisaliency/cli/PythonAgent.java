package org.atarisaliency.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.AgentFile;
import org.atarisaliency.agents.AgentFormats;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.PolicyOutput;
import org.atarisaliency.agents.RecurrentState;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.FrameSaliency;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * An agent held open for the Python package's {@code Agent} (atari_saliency/agent.py): its description, its forward pass
 * on a batch, and the {@code saliency} command's outputs for one frame ({@link FrameSaliency}, the command's own pipeline)
 * without loading the agent again for each frame. The recurrent state crosses as one float array per state part
 * ({@link Policy#stateNames()}), N x that part's units. Not thread-safe, like the policy it holds.
 */
public final class PythonAgent implements AutoCloseable {
    private final Path file;
    private final Policy policy;
    private final Map<Map<String, Object>, MapMethod.Maker> makers = new HashMap<>();

    /** The outputs of one forward pass of N agents: logits [N*A], values [N], the next state per part. */
    public record Forward(float[] logits, float[] values, float[][] state) {
    }

    private PythonAgent(Path file, Policy policy) {
        this.file = file;
        this.policy = policy;
    }

    /**
     * Loads {@code agent} (a file or a bundled agent's name) as {@code info}/{@code saliency} do; {@code arch}: null or
     * "auto" to recognise the format, else the format the file must have ({@link Agents#loadPolicy(Path, int, String)}).
     */
    public static PythonAgent load(String agent, String arch) throws IOException {
        Path file = BundledAgents.resolve(agent, null);
        return new PythonAgent(file, Agents.loadPolicy(file, -1, arch));
    }

    /** The agent file. */
    public String file() {
        return file.toString();
    }

    /** What {@code info} prints, as a map: file, sha256, format, architecture, input, state parts, actions, preprocessing. */
    public Map<String, Object> info() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("sha256", Agents.sha256(file));
        m.put("format", AgentFormats.detect(new AgentFile(file)).description());
        m.put("architecture", policy.describe());
        m.put("input", List.of(policy.inputChannels(), policy.inputSize(), policy.inputSize()));
        m.put("actions", policy.actionCount());
        m.put("state_parts", policy.stateNames());
        m.put("state_sizes", policy.stateSizes());
        m.put("memory_resets_on_life_loss", policy.memoryResetsOnLifeLoss());
        m.put("preprocessing", policy.preprocessor().describe());
        return m;
    }

    /** Floats per preprocessed observation (what {@link #preprocess} makes of one frame). */
    public int observationLength() {
        return policy.preprocessor().length();
    }

    /** The agent's observations of {@code n} RGB frames (n x 210x160x3 bytes, row-major), as {@code saliency} makes its input.npy. */
    public float[] preprocess(byte[] rgb, int n) {
        int len = policy.preprocessor().length();
        float[] out = new float[n * len];
        byte[] one = new byte[rgb.length / n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rgb, i * one.length, one, 0, one.length);
            policy.preprocessor().apply(one, out, i * len);
        }
        return out;
    }

    /** The zero state of {@code n} agents, one array per part. */
    public float[][] initialState(int n) {
        return policy.initialState(n).parts().toArray(float[][]::new);
    }

    /** One step of {@code n} agents: {@code observations} [n * observation length], {@code state} one array per part (null: zeros). */
    public Forward forward(float[] observations, int n, float[][] state) {
        PolicyOutput o = policy.forward(observations, state(state, n));
        return new Forward(o.logits(), o.values(), o.next().parts().toArray(float[][]::new));
    }

    /**
     * The {@code saliency} command's outputs for {@code rgb} (210x160x3 bytes) from {@code state} (one agent's parts;
     * null: zeros), written into {@code out} by the command's pipeline; {@code settings}: the command's settings by key
     * (method, stride, radius, ...; the others at their defaults); {@code frame}, {@code stateName}: what run.json
     * records as the frame and the state (null with no state).
     */
    public void saliency(byte[] rgb, float[][] state, Map<String, Object> settings, String frame, String stateName, String out) throws Exception {
        SettingValues values = FrameSaliency.DECLARATION.values(settings);
        FrameSaliency.Settings s = new FrameSaliency.Settings(file, Path.of(frame), stateName == null ? null : Path.of(stateName), values, Path.of(out));
        FrameSaliency.run(s, policy, maker(s), rgb, p -> state(state, 1));
    }

    /**
     * The maps alone of {@link #saliency}, in memory (no memory saliency, no files): the same arrays as its actor, critic,
     * chosen (+ _80) and input files; {@code provenance}: the method's settings, the grid and the engine.
     */
    public record Maps(FrameSaliency.Explained explained, Map<String, Object> provenance) {
    }

    /** {@link #saliency}'s maps of {@code rgb} from {@code state} (null: zeros), in memory. */
    public Maps maps(byte[] rgb, float[][] state, Map<String, Object> settings) throws Exception {
        FrameSaliency.Settings s = new FrameSaliency.Settings(file, null, null, FrameSaliency.DECLARATION.values(settings), null);
        MapMethod.Maker maker = maker(s);
        FrameSaliency.Explained e = FrameSaliency.explain(s, policy, maker, rgb, state(state, 1));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put(FrameSaliency.METHOD.key(), s.method().name());
        provenance.putAll(s.method().provenance(s.values()));
        provenance.put("grid", e.maps().grid());
        provenance.putAll(maker.engine());
        return new Maps(e, provenance);
    }

    /** The map maker for {@code s}'s settings, opened on first use and kept. */
    private MapMethod.Maker maker(FrameSaliency.Settings s) {
        return makers.computeIfAbsent(s.values().asMap(), k -> s.method().open(policy, s.values()));
    }

    private RecurrentState state(float[][] parts, int n) {
        if (parts == null) {
            return policy.initialState(n);
        }
        List<String> names = policy.stateNames();
        List<Integer> sizes = policy.stateSizes();
        if (parts.length != names.size()) {
            throw new IllegalArgumentException("expected a state of " + names.size() + " parts " + names + ", got " + parts.length);
        }
        for (int k = 0; k < parts.length; k++) {
            if (parts[k].length != n * sizes.get(k)) {
                throw new IllegalArgumentException("state part '" + names.get(k) + "': expected " + n + " x " + sizes.get(k) + " values, got " + parts[k].length);
            }
        }
        return new RecurrentState(n, names, List.of(parts));
    }

    /** Closes the map makers and the policy. */
    @Override
    public void close() {
        makers.values().forEach(MapMethod.Maker::close);
        makers.clear();
        policy.close();
    }
}
