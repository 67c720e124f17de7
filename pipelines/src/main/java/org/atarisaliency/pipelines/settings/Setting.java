package org.atarisaliency.pipelines.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.atarisaliency.env.InvalidSettingException;

/**
 * One setting of a pipeline, declared once: its key (snake_case; the experiment configs, job specs
 * and provenance use it as it is, the command line spells it {@code --kebab-case}), its type,
 * default, range or choices, help text and unit. The command-line option, the config schema, the
 * job spec and the provenance of every output are generated from this declaration.
 *
 * <p>Values are held as the types a JSON or YAML reader gives: integers as {@link Long}, numbers as
 * {@link Double}, choices as {@link String}, flags as {@link Boolean}, lists as {@code List} of those.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    /** The kinds of value a setting holds. */
    public enum Type {
        INTEGER, NUMBER, CHOICE, FLAG, INTEGERS, NUMBERS, TEXT
    }

    private final String key;
    private final Type type;
    private final T defaultValue;
    private final double min;
    private final double max;
    private final List<String> choices;
    private final String help;
    private final String unit;
    private final boolean inSpecsOnlyWhenGiven;
    private final String form;
    private final java.util.function.Consumer<String> textCheck;

    private Setting(String key, Type type, T defaultValue, double min, double max, List<String> choices, String help, String unit,
                    boolean inSpecsOnlyWhenGiven) {
        this(key, type, defaultValue, min, max, choices, help, unit, inSpecsOnlyWhenGiven, null, null);
    }

    private Setting(String key, Type type, T defaultValue, double min, double max, List<String> choices, String help, String unit,
                    boolean inSpecsOnlyWhenGiven, String form, java.util.function.Consumer<String> textCheck) {
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("setting keys are snake_case, got '" + key + "'");
        }
        this.key = key;
        this.type = type;
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        this.help = Objects.requireNonNull(help, "help");
        this.unit = unit;
        this.inSpecsOnlyWhenGiven = inSpecsOnlyWhenGiven;
        this.form = form;
        this.textCheck = textCheck;
        this.defaultValue = defaultValue;
        check(defaultValue);
    }

    /** An integer in {@code min..max}. */
    public static Setting<Long> integer(String key, long def, long min, long max, String help) {
        return new Setting<>(key, Type.INTEGER, def, min, max, List.of(), help, null, false);
    }

    /** A finite number in {@code min..max}. */
    public static Setting<Double> number(String key, double def, double min, double max, String help) {
        return new Setting<>(key, Type.NUMBER, def, min, max, List.of(), help, null, false);
    }

    /** One of {@code choices}. */
    public static Setting<String> choice(String key, String def, List<String> choices, String help) {
        return new Setting<>(key, Type.CHOICE, def, 0, 0, choices, help, null, false);
    }

    /** On or off. */
    public static Setting<Boolean> flag(String key, boolean def, String help) {
        return new Setting<>(key, Type.FLAG, def, 0, 0, List.of(), help, null, false);
    }

    /** A non-empty list of integers, each in {@code min..max}. */
    public static Setting<List<Long>> integers(String key, List<Long> def, long min, long max, String help) {
        return new Setting<>(key, Type.INTEGERS, List.copyOf(def), min, max, List.of(), help, null, false);
    }

    /** A non-empty list of finite numbers, each in {@code min..max}. */
    public static Setting<List<Double>> numbers(String key, List<Double> def, double min, double max, String help) {
        return new Setting<>(key, Type.NUMBERS, List.copyOf(def), min, max, List.of(), help, null, false);
    }

    /**
     * A text in the {@code form} described ("auto or a quantiser 0..51"), checked by {@code check}, which throws
     * an {@link InvalidSettingException} (or an {@link IllegalArgumentException}) for a text not of that form.
     */
    public static Setting<String> text(String key, String def, String form, java.util.function.Consumer<String> check, String help) {
        return new Setting<>(key, Type.TEXT, def, 0, 0, List.of(), help, null, false, form, check);
    }

    /** The same setting measured in {@code unit} (shown in help: "frames", "steps", "pixels"). */
    public Setting<T> unit(String u) {
        return new Setting<>(key, type, defaultValue, min, max, choices, help, u, inSpecsOnlyWhenGiven, form, textCheck);
    }

    /** The same setting with another default (a pipeline that shares a setting but not its default). */
    public Setting<T> withDefault(T def) {
        return new Setting<>(key, type, def, min, max, choices, help, unit, inSpecsOnlyWhenGiven, form, textCheck);
    }

    /** The same choice with more (or other) choices and help text. */
    public Setting<T> withChoices(List<String> more, String h) {
        if (type != Type.CHOICE || !more.contains(defaultValue)) {
            throw new IllegalArgumentException(key + ": choices of a choice setting, its default among them");
        }
        return new Setting<>(key, type, defaultValue, min, max, List.copyOf(more), h, unit, inSpecsOnlyWhenGiven, form, textCheck);
    }

    /** The same setting with other help text. */
    public Setting<T> withHelp(String h) {
        return new Setting<>(key, type, defaultValue, min, max, choices, h, unit, inSpecsOnlyWhenGiven, form, textCheck);
    }

    /**
     * The same setting, added to its job type after job specs were first written: a spec holds it only
     * where a config gives it, so the specs (and hashes) of existing runs stay as they were.
     */
    public Setting<T> inSpecsOnlyWhenGiven() {
        return new Setting<>(key, type, defaultValue, min, max, choices, help, unit, true, form, textCheck);
    }

    public String key() {
        return key;
    }

    public Type type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The smallest value allowed (integers, numbers and their lists). */
    public double min() {
        return min;
    }

    /** The largest value allowed (integers, numbers and their lists). */
    public double max() {
        return max;
    }

    /** The values allowed (choices only). */
    public List<String> choices() {
        return choices;
    }

    public String help() {
        return help;
    }

    /** The unit, or null. */
    public String unit() {
        return unit;
    }

    public boolean isInSpecsOnlyWhenGiven() {
        return inSpecsOnlyWhenGiven;
    }

    /** The allowed values in words: "1..80", "0.5..80", "greedy, sample", "true or false". */
    public String range() {
        return switch (type) {
            case INTEGER, INTEGERS -> bound(min) + ".." + bound(max);
            case NUMBER, NUMBERS -> bound(min) + ".." + bound(max);
            case CHOICE -> String.join(", ", choices);
            case FLAG -> "true or false";
            case TEXT -> form;
        };
    }

    /**
     * Checks a value of this setting and returns it in its canonical type (an {@code Integer} becomes
     * a {@code Long}, an integral number a {@code Double} where a number is wanted).
     *
     * @throws InvalidSettingException naming this setting's key, the range and the value
     */
    @SuppressWarnings("unchecked")
    public T check(Object value) {
        Object v = switch (type) {
            case INTEGER -> integerValue(value);
            case NUMBER -> numberValue(value);
            case CHOICE -> choiceValue(value);
            case FLAG -> flagValue(value);
            case INTEGERS -> list(value, this::integerValue);
            case NUMBERS -> list(value, this::numberValue);
            case TEXT -> textValue(value);
        };
        return (T) v;
    }

    /** A value's text as the command line and the help show it ("5", "0.99", "1,4,16,0"). */
    public static String text(Object value) {
        if (value instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(text(o));
            }
            return String.join(",", parts);
        }
        if (value instanceof Double d) {
            return bound(d);
        }
        return String.valueOf(value);
    }

    private Long integerValue(Object value) {
        long v;
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            v = ((Number) value).longValue();
        } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
            v = n.longValue();
        } else {
            throw new InvalidSettingException(key, "must be an integer in " + range() + ", got " + value);
        }
        if (v < min || v > max) {
            throw new InvalidSettingException(key, "must be an integer in " + range() + ", got " + v);
        }
        return v;
    }

    private Double numberValue(Object value) {
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw new InvalidSettingException(key, "must be a number in " + range() + ", got " + value);
        }
        return n.doubleValue();
    }

    private String choiceValue(Object value) {
        String v = String.valueOf(value);
        if (!choices.contains(v)) {
            throw new InvalidSettingException(key, "must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return v;
    }

    private String textValue(Object value) {
        if (!(value instanceof String t)) {
            throw new InvalidSettingException(key, "must be " + form + ", got " + value);
        }
        try {
            textCheck.accept(t);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, "must be " + form + ", got '" + t + "'");
        }
        return t;
    }

    private Boolean flagValue(Object value) {
        if (!(value instanceof Boolean b)) {
            throw new InvalidSettingException(key, "must be true or false, got " + value);
        }
        return b;
    }

    private List<Object> list(Object value, java.util.function.Function<Object, Object> item) {
        if (!(value instanceof List<?> l) || l.isEmpty()) {
            throw new InvalidSettingException(key, "must list at least one value in " + range() + ", got " + value);
        }
        List<Object> out = new ArrayList<>();
        for (Object o : l) {
            out.add(item.apply(o));
        }
        return List.copyOf(out);
    }

    private static String bound(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + text(defaultValue) + ", " + range() + ")";
    }
}
