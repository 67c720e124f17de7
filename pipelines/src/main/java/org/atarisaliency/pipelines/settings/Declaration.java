package org.atarisaliency.pipelines.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.InvalidSettingException;

/**
 * A pipeline's settings, in the order its help, schema and provenance list them: the one
 * declaration from which its command-line options, its experiment-config schema, its job spec and
 * its provenance are generated.
 */
public final class Declaration {
    private final Map<String, Setting<?>> settings = new LinkedHashMap<>();

    private Declaration(List<Setting<?>> list) {
        for (Setting<?> s : list) {
            if (settings.put(s.key(), s) != null) {
                throw new IllegalArgumentException("setting '" + s.key() + "' declared twice");
            }
        }
    }

    /** The settings, in this order. */
    public static Declaration of(Setting<?>... settings) {
        return new Declaration(List.of(settings));
    }

    /** These settings followed by {@code more}. */
    public Declaration plus(Setting<?>... more) {
        List<Setting<?>> all = new ArrayList<>(settings.values());
        all.addAll(List.of(more));
        return new Declaration(all);
    }

    /** These settings without those keyed {@code keys} (a job type or command that fixes them). */
    public Declaration without(String... keys) {
        List<Setting<?>> kept = new ArrayList<>(settings.values());
        kept.removeIf(s -> List.of(keys).contains(s.key()));
        return new Declaration(kept);
    }

    /** Every setting, in order. */
    public List<Setting<?>> settings() {
        return List.copyOf(settings.values());
    }

    /** The setting keyed {@code key}, or null. */
    public Setting<?> setting(String key) {
        return settings.get(key);
    }

    /** Every setting at its default. */
    public SettingValues defaults() {
        return values(Map.of());
    }

    /**
     * The settings {@code given} checked against their declarations, the others at their defaults.
     *
     * @throws InvalidSettingException for a value out of its range or a key that is not declared here
     */
    public SettingValues values(Map<String, ?> given) {
        for (String key : given.keySet()) {
            if (!settings.containsKey(key)) {
                throw new InvalidSettingException(key, "is not a setting here; the settings are " + String.join(", ", settings.keySet()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Setting<?> s : settings.values()) {
            Object v = given.containsKey(s.key()) ? given.get(s.key()) : s.defaultValue();
            out.put(s.key(), s.check(v));
        }
        return new SettingValues(this, Collections.unmodifiableMap(out));
    }
}
