package org.atarisaliency.pipelines.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked value for every setting of a {@link Declaration}. A pipeline's {@code Settings} hold
 * one and read their settings from it by declaration; its {@link #asMap} is the settings block of the
 * pipeline's provenance, so whatever is declared is recorded.
 */
public final class SettingValues {
    private final Declaration declaration;
    private final Map<String, Object> values;

    SettingValues(Declaration declaration, Map<String, Object> values) {
        this.declaration = declaration;
        this.values = values;
    }

    /** The declaration these values follow. */
    public Declaration declaration() {
        return declaration;
    }

    /** The value of {@code s}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        if (!values.containsKey(s.key())) {
            throw new IllegalArgumentException("'" + s.key() + "' is not declared here");
        }
        return (T) values.get(s.key());
    }

    /** An integer setting as an int (its declared range fits an int). */
    public int integer(Setting<Long> s) {
        return Math.toIntExact(get(s));
    }

    /** A number setting. */
    public double number(Setting<Double> s) {
        return get(s);
    }

    /** An integer-list setting as an int array. */
    public int[] integers(Setting<List<Long>> s) {
        return get(s).stream().mapToInt(Math::toIntExact).toArray();
    }

    /** A number-list setting as a double array. */
    public double[] numbers(Setting<List<Double>> s) {
        return get(s).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The same values with {@code s} set to {@code value} (checked). */
    public <T> SettingValues with(Setting<T> s, T value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(s.key(), value);
        return declaration.values(m);
    }

    /**
     * The values of the settings {@code other} declares that these hold too, with {@code overrides} on top, checked
     * against {@code other} (its other settings at their defaults): a pipeline handing part of its settings to another.
     */
    public SettingValues partFor(Declaration other, Map<String, ?> overrides) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : other.settings()) {
            if (values.containsKey(s.key())) {
                m.put(s.key(), values.get(s.key()));
            }
        }
        m.putAll(overrides);
        return other.values(m);
    }

    /** Every setting by key, in declaration order: the provenance's settings. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues v && v.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
