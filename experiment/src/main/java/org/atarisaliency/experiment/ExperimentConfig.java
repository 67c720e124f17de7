package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.MapMethods;

/**
 * An experiment config (YAML), validated completely before any work starts. The grid it
 * describes: agents x games x seeds x frame ranges x methods, and which outputs to make for each
 * cell. Paths are relative to the config file's folder. See examples/ and the README.
 */
public record ExperimentConfig(String name, String description, Path file, List<Agent> agents, List<String> games, List<Long> seeds,
                               List<FrameRange> frames, List<Method> methods, Map<String, Map<String, Object>> outputs,
                               Map<String, ConfigNode> nodes) {

    /**
     * An agent checkpoint with its label; {@code game} null means every game of the config;
     * {@code hints} "off", "random" or "expert:ABSOLUTE-FILE" (the hint strip on every frame it sees).
     */
    public record Agent(String label, Path file, String game, String hints, ConfigNode node) {
    }

    /** Steps {@code start .. start+count-1} of the rollout. */
    public record FrameRange(int start, int count) {
        String id() {
            return "f" + start + "-" + (start + count);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", start);
            m.put("count", count);
            return m;
        }
    }

    /** A saliency method and its settings. */
    public record Method(String label, Map<String, Object> settings) {
    }

    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";
    static final List<String> POLICIES = List.of("greedy", "sample");

    /** Each map method's schema, from its declaration ({@link MapMethods}). */
    static final Map<String, Schema> METHODS = methodSchemas();

    /** The keys of a {@code methods:} entry: its method, its label and every method's settings. */
    static final Set<String> METHOD_KEYS = methodKeys();

    /** Top-level keys; {@code definitions} holds anything (YAML anchors for merge keys) and is otherwise ignored. */
    private static final Set<String> TOP = Set.of("experiment", "description", "agents", "games", "seeds", "frames", "methods", "outputs",
            "definitions");

    /** Reads and checks a config file; every problem is a {@link ConfigException} naming the line and key. */
    public static ExperimentConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("experiment config not found: " + file + " (see examples/quick.yaml)");
        }
        ConfigNode root = ConfigNode.parse(file);
        if (root.hasKey("study") && !root.hasKey("experiment")) {
            throw new ConfigException(file.getFileName() + ": this is a user-study file (it has 'study:'), not an experiment; build it with:"
                    + " atari-saliency study build " + file + " and an output folder");
        }
        Map<String, ConfigNode> top = root.map(TOP, "; YAML anchors (&name) may live under 'definitions:'");
        if (!top.containsKey("experiment")) {
            throw root.error("missing key 'experiment' (the experiment's name, used as its output folder)");
        }
        String name = top.get("experiment").name(NAME, "a name of letters, digits, '.', '_' or '-'");
        String description = top.containsKey("description") ? top.get("description").string() : null;
        Path base = file.toAbsolutePath().getParent();
        if (!top.containsKey("agents")) {
            throw root.error("missing key 'agents' (a list of {label, file[, game]})");
        }
        List<Agent> agents = new ArrayList<>();
        Set<String> labels = new java.util.LinkedHashSet<>();
        for (ConfigNode a : top.get("agents").list()) {
            Map<String, ConfigNode> m = a.map(Set.of("label", "file", "game", "hints"));
            if (!m.containsKey("file")) {
                throw a.error("missing key 'file' (the agent checkpoint)");
            }
            Path f = base.resolve(m.get("file").string()).normalize();
            if (!Files.isRegularFile(f)) {
                throw m.get("file").error("agent file not found: " + f + " (paths are relative to the config file's folder)");
            }
            String label = m.containsKey("label") ? m.get("label").name(NAME, "a label of letters, digits, '.', '_' or '-'")
                    : f.getParent().getFileName() + "-" + f.getFileName().toString().replaceAll("\\.(tar|pt|pth|zip)$", "");
            if (!labels.add(label)) {
                throw (m.containsKey("label") ? m.get("label") : a).error("two agents are labelled '" + label + "'; labels must be unique");
            }
            agents.add(new Agent(label, f, m.containsKey("game") ? m.get("game").string() : null, hints(m.get("hints"), base), a));
        }
        if (agents.isEmpty()) {
            throw top.get("agents").error("must list at least one agent");
        }
        Map<String, ConfigNode> nodes = new LinkedHashMap<>();
        List<String> games = new ArrayList<>();
        if (top.containsKey("games")) {
            for (ConfigNode g : top.get("games").list()) {
                if (games.contains(g.string())) {
                    throw g.error("game '" + g.string() + "' is listed twice");
                }
                games.add(g.string());
                nodes.put("games:" + g.string(), g);
            }
        }
        for (Agent a : agents) {
            if (a.game() == null && games.isEmpty()) {
                throw a.node().error("agent '" + a.label() + "' has no 'game' and the config has no 'games' list; give one of them");
            }
        }
        List<Long> seeds = new ArrayList<>();
        if (top.containsKey("seeds")) {
            for (ConfigNode s : top.get("seeds").list()) {
                seeds.add(s.integer(0, Integer.MAX_VALUE));
            }
        } else {
            seeds.add(0L);
        }
        if (seeds.isEmpty() || new HashSet<>(seeds).size() != seeds.size()) {
            throw top.get("seeds").error("must list distinct seeds");
        }
        List<FrameRange> frames = new ArrayList<>();
        if (top.containsKey("frames")) {
            for (ConfigNode r : top.get("frames").list()) {
                Map<String, ConfigNode> m = r.map(Set.of("start", "count"));
                int start = m.containsKey("start") ? (int) m.get("start").integer(0, 1_000_000) : 0;
                if (!m.containsKey("count")) {
                    throw r.error("missing key 'count' (steps in the range)");
                }
                frames.add(new FrameRange(start, (int) m.get("count").integer(1, 1_000_000)));
            }
        } else {
            frames.add(new FrameRange(0, 100));
        }
        List<Method> methods = new ArrayList<>();
        if (top.containsKey("methods")) {
            Set<String> methodLabels = new HashSet<>();
            for (ConfigNode n : top.get("methods").list()) {
                Method m = readMethod(n);
                if (!methodLabels.add(m.label())) {
                    throw n.error("two methods are labelled '" + m.label() + "'; give each a distinct 'label'");
                }
                methods.add(m);
            }
        } else {
            String method = MapMethods.byDefault().name();
            methods.add(new Method(method, withName(method, METHODS.get(method).read(null))));
        }
        if (!top.containsKey("outputs")) {
            throw root.error("missing key 'outputs' (which of " + String.join(", ", JobTypes.names()) + " to make)");
        }
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : top.get("outputs").map(new java.util.LinkedHashSet<>(JobTypes.names())).entrySet()) {
            ConfigNode n = e.getValue();
            if (!n.isMap() && !n.isNull() && !n.bool()) {
                continue;
            }
            outputs.put(e.getKey(), JobTypes.get(e.getKey()).configSchema().read(n));
            nodes.put("outputs:" + e.getKey(), n);
        }
        if (outputs.containsKey("progression")) {
            checkLabels(outputs.get("progression"), nodes.get("outputs:progression"), labels);
        }
        if (outputs.isEmpty()) {
            throw top.get("outputs").error("no output is switched on; use e.g. 'maps: true'");
        }
        return new ExperimentConfig(name, description, file.toAbsolutePath().normalize(), agents, games, seeds, frames, methods, outputs, nodes);
    }

    /** off (absent), random, or expert:FILE with FILE relative to the config's folder. */
    private static String hints(ConfigNode n, Path base) {
        if (n == null) {
            return "off";
        }
        String v = n.string();
        if (v.equals("off") || v.equals("random")) {
            return v;
        }
        if (!v.startsWith("expert:") || v.length() == 7) {
            throw n.error("must be off, random or expert:AGENT-FILE (the hint strip of the paper's overfit/control agents), got '" + v + "'");
        }
        Path expert = base.resolve(v.substring(7)).normalize();
        if (!Files.isRegularFile(expert)) {
            throw n.error("expert file not found: " + expert + " (paths are relative to the config file's folder)");
        }
        return "expert:" + expert;
    }

    private static void checkLabels(Map<String, Object> progression, ConfigNode node, Set<String> labels) {
        Map<String, ConfigNode> keys = node.isMap() ? node.map(JobTypes.get("progression").configSchema().keys()) : Map.of();
        Object ref = progression.get("reference");
        if (ref != null && !labels.contains(ref)) {
            throw keys.get("reference").error("no agent is labelled '" + ref + "' (agents: " + String.join(", ", labels) + ")");
        }
        @SuppressWarnings("unchecked")
        List<Object> cps = (List<Object>) progression.get("checkpoints");
        if (cps != null) {
            for (Object l : cps) {
                if (!labels.contains(l)) {
                    throw keys.get("checkpoints").error("no agent is labelled '" + l + "' (agents: " + String.join(", ", labels) + ")");
                }
            }
            if (ref != null && !cps.contains(ref)) {
                throw keys.get("reference").error("the reference '" + ref + "' must be one of the checkpoints");
            }
        }
    }

    private static Method readMethod(ConfigNode n) {
        if (!n.isMap()) {
            String name = n.choice(List.copyOf(new java.util.TreeSet<>(METHODS.keySet())));
            return new Method(name, withName(name, METHODS.get(name).read(null)));
        }
        Map<String, ConfigNode> m = n.map(METHOD_KEYS);
        if (!m.containsKey("method")) {
            throw n.error("missing key 'method' (" + String.join(" or ", new java.util.TreeSet<>(METHODS.keySet())) + ")");
        }
        String name = m.get("method").choice(List.copyOf(new java.util.TreeSet<>(METHODS.keySet())));
        String label = m.containsKey("label") ? m.get("label").name(NAME, "a label of letters, digits, '.', '_' or '-'") : name;
        Map<String, Object> settings = new LinkedHashMap<>(METHODS.get(name).read(null));
        for (Map.Entry<String, ConfigNode> e : m.entrySet()) {
            if (e.getKey().equals("method") || e.getKey().equals("label")) {
                continue;
            }
            if (!settings.containsKey(e.getKey())) {
                throw e.getValue().error("not a setting of method '" + name + "'" + (settings.isEmpty() ? " (it has none)"
                        : " (its settings: " + String.join(", ", settings.keySet()) + ")"));
            }
        }
        Map<String, ConfigNode> own = new LinkedHashMap<>(m);
        own.remove("method");
        own.remove("label");
        for (Map.Entry<String, ConfigNode> e : own.entrySet()) {
            settings.put(e.getKey(), METHODS.get(name).readKey(e.getKey(), e.getValue()));
        }
        return new Method(label, withName(name, settings));
    }

    private static Map<String, Schema> methodSchemas() {
        Map<String, Schema> m = new LinkedHashMap<>();
        for (MapMethod method : MapMethods.all()) {
            m.put(method.name(), Schema.of(method.declaration()));
        }
        return m;
    }

    private static Set<String> methodKeys() {
        Set<String> keys = new java.util.LinkedHashSet<>(List.of("method", "label"));
        METHODS.values().forEach(s -> keys.addAll(s.keys()));
        return keys;
    }

    private static Map<String, Object> withName(String name, Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", name);
        m.putAll(settings);
        return m;
    }

    /** The node of a game listed under 'games'. */
    ConfigNode gameNode(String id) {
        return nodes.get("games:" + id);
    }

    /** The node of an output section. */
    ConfigNode outputNode(String output) {
        return nodes.get("outputs:" + output);
    }

    /** The games agent {@code a} plays in this experiment. */
    List<String> gamesOf(Agent a) {
        return a.game() != null ? List.of(a.game()) : games;
    }

    /** The config as the manifest records it (paths absolute, defaults filled in). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", name);
        m.put("description", description);
        m.put("file", file.toString());
        List<Object> as = new ArrayList<>();
        for (Agent a : agents) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", a.label());
            e.put("file", a.file().toString());
            e.put("game", a.game());
            if (!a.hints().equals("off")) {
                e.put("hints", a.hints());
            }
            as.add(e);
        }
        m.put("agents", as);
        m.put("games", games);
        m.put("seeds", seeds);
        m.put("frames", frames.stream().map(FrameRange::toJson).toList());
        m.put("methods", methods.stream().map(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", x.label());
            e.putAll(x.settings());
            return e;
        }).toList());
        m.put("outputs", outputs);
        return m;
    }
}
