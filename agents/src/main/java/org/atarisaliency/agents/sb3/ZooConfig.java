package org.atarisaliency.agents.sb3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The hyperparameters RL Baselines3 Zoo saved with an agent: {@code config.yml}, which the zoo writes to
 * {@code <algo>/<env>_<n>/<env>/config.yml} beside {@code <algo>/<env>_<n>/<env>.zip} and the Hugging Face
 * {@code sb3/} repositories keep at their top, beside the zip. Only one fact is read: whether the training
 * environment's {@code AtariWrapper} ended an episode at each lost life ({@code terminal_on_life_loss},
 * True by default), which is where a RecurrentPPO agent's memory was reset.
 *
 * <p>The file is read as plain YAML values: the zoo dumps an {@code OrderedDict}
 * ({@code !!python/object/apply:collections.OrderedDict}, a list of [key, value] pairs), which is read as
 * that list and nothing is constructed from it; any other Python tag is refused. A config.yml without the
 * zoo's {@code policy} entry belongs to something else and is ignored.
 */
final class ZooConfig {
    private static final String ATARI_WRAPPER = "AtariWrapper";
    private static final String KEY = "terminal_on_life_loss";
    private static final Tag ORDERED_DICT = new Tag(Tag.PREFIX + "python/object/apply:collections.OrderedDict");

    private ZooConfig() {
    }

    /**
     * Where the memory of the RecurrentPPO agent in {@code zip} was reset: as the {@code config.yml} beside it
     * says, or RL Zoo's {@code ppo_lstm} setting ({@code terminal_on_life_loss: False}) when there is none.
     *
     * @throws CheckpointException when a config.yml is there but cannot be read as the zoo writes it (one line, naming it)
     */
    static RecurrentPpoPolicy.MemoryReset memoryReset(Path zip) throws CheckpointException {
        Path config = find(zip);
        if (config == null) {
            return RecurrentPpoPolicy.MemoryReset.ZOO_DEFAULT;
        }
        Object root;
        try {
            root = new Yaml(new PlainConstructor()).load(Files.readString(config, StandardCharsets.UTF_8));
        } catch (IOException | YAMLException e) {
            throw new CheckpointException(config + ": not an RL Zoo config.yml (" + firstLine(e) + "); fix or remove it");
        }
        if (!(root instanceof Map<?, ?> map) || !map.containsKey("policy")) {
            return RecurrentPpoPolicy.MemoryReset.ZOO_DEFAULT; // some other program's config.yml: not the agent's
        }
        boolean resets = terminalOnLifeLoss(map.get("env_wrapper"), config);
        return new RecurrentPpoPolicy.MemoryReset(resets, "env_wrapper " + (resets ? "ends" : "does not end")
                + " an episode at a lost life in " + config);
    }

    /** The config.yml beside the zip (the Hugging Face layout) or in the zoo's params folder {@code <stem>/}; null when none. */
    static Path find(Path zip) {
        Path dir = zip.toAbsolutePath().getParent();
        String stem = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        for (Path c : List.of(dir.resolve("config.yml"), dir.resolve(stem).resolve("config.yml"))) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    /** The AtariWrapper's terminal_on_life_loss in an env_wrapper entry (a name, a {name: kwargs} map, or a list of those). */
    private static boolean terminalOnLifeLoss(Object wrappers, Path config) throws CheckpointException {
        List<Object> entries = wrappers instanceof List<?> l ? new ArrayList<>(l) : wrappers == null ? List.of() : List.of(wrappers);
        for (Object e : entries) {
            if (e instanceof String name && name.endsWith(ATARI_WRAPPER)) {
                return true;
            }
            if (e instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> w : m.entrySet()) {
                    if (String.valueOf(w.getKey()).endsWith(ATARI_WRAPPER)) {
                        Object v = w.getValue() instanceof Map<?, ?> kwargs ? kwargs.get(KEY) : null;
                        if (v != null && !(v instanceof Boolean)) {
                            throw new CheckpointException(config + ": " + KEY + " is " + v + ", not true or false; fix it");
                        }
                        return v == null || (Boolean) v;
                    }
                }
            }
        }
        return false; // no AtariWrapper: nothing ended an episode at a lost life
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m).trim();
    }

    /** SnakeYAML's defaults, allowing the one Python tag the zoo writes (the parser refuses any other). */
    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setTagInspector(ORDERED_DICT::equals);
        return o;
    }

    /** SnakeYAML's safe constructor, reading the zoo's OrderedDict as the plain mapping it lists. */
    private static final class PlainConstructor extends SafeConstructor {
        PlainConstructor() {
            super(options());
            yamlConstructors.put(ORDERED_DICT, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (!(node instanceof SequenceNode seq) || seq.getValue().size() != 1
                            || !(constructObject(seq.getValue().get(0)) instanceof List<?> pairs)) {
                        throw new YAMLException("an OrderedDict that is not one list of [key, value] pairs");
                    }
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (Object p : pairs) {
                        if (!(p instanceof List<?> kv) || kv.size() != 2) {
                            throw new YAMLException("an OrderedDict entry that is not a [key, value] pair: " + p);
                        }
                        m.put(kv.get(0), kv.get(1));
                    }
                    return m;
                }
            });
        }
    }
}
