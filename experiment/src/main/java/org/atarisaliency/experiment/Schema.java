package org.atarisaliency.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;

/**
 * The keys a config section may have, each with its type, range and default. Reading a section
 * checks every key and returns its settings with the defaults filled in, as a JSON-ready map (the
 * settings go into job specs and the manifest as they are).
 */
final class Schema {
    private final Map<String, Function<ConfigNode, Object>> readers = new LinkedHashMap<>();
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final java.util.Set<String> optional = new java.util.HashSet<>();

    static Schema of() {
        return new Schema();
    }

    /** These keys followed by {@code more}'s. */
    Schema plus(Schema more) {
        readers.putAll(more.readers);
        defaults.putAll(more.defaults);
        optional.addAll(more.optional);
        return this;
    }

    /**
     * The schema of a pipeline's settings declaration: one key per setting, with its type, range and
     * default; a setting added to its job type after specs were first written is in a spec only where given.
     */
    static Schema of(Declaration declaration) {
        Schema schema = new Schema();
        for (Setting<?> s : declaration.settings()) {
            Function<ConfigNode, Object> reader = reader(s);
            if (s.isInSpecsOnlyWhenGiven()) {
                schema.optional(s.key(), reader);
            } else {
                schema.custom(s.key(), s.defaultValue(), reader);
            }
        }
        return schema;
    }

    /** The declaration's settings read from a config section (defaults filled in), checked by the declaration too. */
    static SettingValues values(Declaration declaration, Map<String, Object> section) {
        return declaration.values(section);
    }

    private static Function<ConfigNode, Object> reader(Setting<?> s) {
        return n -> n.setting(s);
    }


    Schema integer(String key, long def, long min, long max) {
        readers.put(key, n -> n.integer(min, max));
        defaults.put(key, def);
        return this;
    }

    Schema number(String key, double def, double min, double max) {
        readers.put(key, n -> n.number(min, max));
        defaults.put(key, def);
        return this;
    }

    Schema choice(String key, String def, List<String> choices) {
        readers.put(key, n -> n.choice(choices));
        defaults.put(key, def);
        return this;
    }

    Schema integers(String key, List<Long> def, long min, long max) {
        readers.put(key, n -> n.listOf(item -> item.integer(min, max), "integer"));
        defaults.put(key, def);
        return this;
    }

    /** A key with its own reader; {@code def} may be null ("decided later"). */
    Schema custom(String key, Object def, Function<ConfigNode, Object> reader) {
        readers.put(key, reader);
        defaults.put(key, def);
        return this;
    }

    /**
     * A key added after configs and job specs were first written: it is in the settings only where given,
     * so the specs (and their hashes) of configs without it stay as they were.
     */
    Schema optional(String key, Function<ConfigNode, Object> reader) {
        readers.put(key, reader);
        optional.add(key);
        return this;
    }

    /** Reads a section; {@code null} or an absent/true section gives the defaults. */
    Map<String, Object> read(ConfigNode section) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        if (section != null && !section.isNull() && !(isTrue(section))) {
            for (Map.Entry<String, ConfigNode> e : section.map(readers.keySet()).entrySet()) {
                out.put(e.getKey(), readers.get(e.getKey()).apply(e.getValue()));
            }
        }
        return out;
    }

    /** Reads a section in which every key must be given (a job spec's settings, defaults already filled in). */
    Map<String, Object> readComplete(ConfigNode section) {
        Map<String, ConfigNode> given = section.map(readers.keySet());
        for (String key : readers.keySet()) {
            if (!given.containsKey(key) && !optional.contains(key)) {
                throw section.error("missing key '" + key + "'");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : given.entrySet()) {
            out.put(e.getKey(), readers.get(e.getKey()).apply(e.getValue()));
        }
        return out;
    }

    /** The keys this schema allows. */
    java.util.Set<String> keys() {
        return readers.keySet();
    }

    /** Reads one key of this schema. */
    Object readKey(String key, ConfigNode value) {
        return readers.get(key).apply(value);
    }

    private static boolean isTrue(ConfigNode n) {
        return !n.isMap() && !n.isList() && n.string().equals("true");
    }
}
