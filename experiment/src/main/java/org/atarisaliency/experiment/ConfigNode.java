package org.atarisaliency.experiment;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.pipelines.settings.Setting;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of a YAML config with its dotted key path and line, so that every validation error
 * can name both ("quick.yaml:12: outputs.video.fps: must be an integer in 1..120, got 'fast'").
 */
public final class ConfigNode {
    private final Node node;
    private final String path;
    private final String file;

    private ConfigNode(Node node, String path, String file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    /** Parses a YAML file into its root node; syntax errors name the line. */
    public static ConfigNode parse(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(name + ":" + line + ": YAML syntax error: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": YAML syntax error: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(name + ": the config is empty; see examples/quick.yaml");
        }
        return new ConfigNode(root, "", name);
    }

    private static final Merger MERGE = new Merger();

    /** SnakeYAML's merge-key resolution, which its constructor keeps to itself. */
    private static final class Merger extends org.yaml.snakeyaml.constructor.SafeConstructor {
        Merger() {
            super(new LoaderOptions());
        }

        synchronized void flatten(MappingNode m) {
            flattenMapping(m);
        }
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String path() {
        return path;
    }

    /** An error about this node. */
    public ConfigException error(String message) {
        return new ConfigException(file + ":" + line() + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** Whether this is a mapping with the key {@code key}. */
    public boolean hasKey(String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The entries of a mapping, in file order; keys outside {@code allowed} are an error with a suggestion. */
    public Map<String, ConfigNode> map(Set<String> allowed) {
        return map(allowed, "");
    }

    /**
     * The entries of a mapping, in file order; a key given twice is an error, and so are keys outside
     * {@code allowed}, with a suggestion and {@code unknownHint} appended.
     */
    /**
     * The entries of a mapping whose keys are free names (agent ids, condition ids), in file order; a key
     * given twice is an error.
     */
    public Map<String, ConfigNode> entries() {
        return map(null, "");
    }

    /** As {@link #map(Set)}; {@code allowed} null accepts every key. */
    public Map<String, ConfigNode> map(Set<String> allowed, String unknownHint) {
        if (!(node instanceof MappingNode m)) {
            throw error("must be a mapping (key: value lines), got " + describe());
        }
        checkDuplicates(m, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (m.isMerged()) {
            // '<<: *defaults' merge keys: the merged entries become ordinary ones (explicit keys win)
            MERGE.flatten(m);
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigNode(t.getKeyNode(), path, file).error("keys must be plain names");
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                List<String> close = GameIds.closest(key, new ArrayList<>(allowed), 2);
                throw new ConfigNode(k, childPath, file).error("unknown key" + (close.isEmpty() ? "" : "; did you mean '" + close.get(0) + "'?")
                        + " (allowed here: " + String.join(", ", allowed.stream().sorted().toList()) + ")" + unknownHint);
            }
            out.put(key, new ConfigNode(t.getValueNode(), childPath, file));
        }
        return out;
    }

    /**
     * Refuses a key given twice in one mapping, or in a mapping merged into it: compose() keeps both
     * entries and the merge would silently keep the last. A merged key that an explicit one overrides
     * is not a duplicate.
     */
    private void checkDuplicates(MappingNode m, Set<Node> seen) {
        if (!seen.add(m)) {
            return;
        }
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node key = t.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                List<Node> sources = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                for (Node source : sources) {
                    if (source instanceof MappingNode sm) {
                        checkDuplicates(sm, seen);
                    }
                }
            } else if (key instanceof ScalarNode k) {
                ConfigNode at = new ConfigNode(k, path.isEmpty() ? k.getValue() : path + "." + k.getValue(), file);
                Integer first = firstLine.putIfAbsent(k.getValue(), at.line());
                if (first != null) {
                    throw at.error("duplicate key (first given on line " + first + "); give each key once");
                }
            }
        }
    }

    /** The items of a list; a single value counts as a list of one. */
    public List<ConfigNode> list() {
        List<ConfigNode> out = new ArrayList<>();
        if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                out.add(new ConfigNode(s.getValue().get(i), path + "[" + i + "]", file));
            }
        } else {
            out.add(this);
        }
        return out;
    }

    public String string() {
        if (!(node instanceof ScalarNode s) || isNull()) {
            throw error("must be a text value, got " + describe());
        }
        return s.getValue();
    }

    /** A text value matching {@code regex}; {@code what} explains the rule. */
    public String name(String regex, String what) {
        String v = string();
        if (!v.matches(regex)) {
            throw error("must be " + what + ", got '" + v + "'");
        }
        return v;
    }

    /** One of {@code choices}. */
    public String choice(List<String> choices) {
        String v = string();
        if (!choices.contains(v)) {
            throw error("must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return v;
    }

    public long integer(long min, long max) {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            throw error("must be an integer in " + range(min, max) + ", got " + describe());
        }
        long v;
        try {
            v = Long.decode(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("must be an integer in " + range(min, max) + ", got '" + s.getValue() + "'");
        }
        if (v < min || v > max) {
            throw error("must be an integer in " + range(min, max) + ", got " + v);
        }
        return v;
    }

    public double number(double min, double max) {
        if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            throw error("must be a number in " + min + ".." + max + ", got " + describe());
        }
        double v;
        try {
            v = Double.parseDouble(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("must be a number in " + min + ".." + max + ", got '" + s.getValue() + "'");
        }
        if (!(v >= min && v <= max)) {
            throw error("must be a number in " + min + ".." + max + ", got " + s.getValue());
        }
        return v;
    }

    /**
     * The value of a declared setting, read by its type and checked against its range or choices (the
     * message names this node's line); integers come back as {@code Long}, numbers as {@code Double}.
     */
    public Object setting(Setting<?> s) {
        long lo = (long) Math.max(Long.MIN_VALUE, s.min()), hi = (long) Math.min(Long.MAX_VALUE, s.max());
        Object v = switch (s.type()) {
            case INTEGER -> integer(lo, hi);
            case NUMBER -> number(s.min(), s.max());
            case CHOICE -> choice(s.choices());
            case FLAG -> bool();
            case INTEGERS -> listOf(item -> item.integer(lo, hi), "integer");
            case NUMBERS -> listOf(item -> item.number(s.min(), s.max()), "number");
            case TEXT -> string();
        };
        try {
            return s.check(v);
        } catch (InvalidSettingException e) {
            throw error(e.problem());
        }
    }

    /** A non-empty list, each item read by {@code item}. */
    List<Object> listOf(java.util.function.Function<ConfigNode, Object> item, String what) {
        List<Object> out = new ArrayList<>();
        for (ConfigNode i : list()) {
            out.add(item.apply(i));
        }
        if (out.isEmpty()) {
            throw error("must list at least one " + what);
        }
        return out;
    }

    public boolean bool() {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            throw error("must be true or false, got " + describe());
        }
        return Boolean.parseBoolean(s.getValue().toLowerCase(java.util.Locale.ROOT)) || s.getValue().equalsIgnoreCase("yes")
                || s.getValue().equalsIgnoreCase("on");
    }

    private static String range(long min, long max) {
        return min + ".." + (max == Long.MAX_VALUE ? "" : Long.toString(max));
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull()) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
