package org.atarisaliency.experiment;

import java.util.function.UnaryOperator;
import org.atarisaliency.env.NamesSettings;

/** A problem in an experiment config, reported as one line naming the file, line and key. */
public final class ConfigException extends IllegalArgumentException implements NamesSettings {
    private static final long serialVersionUID = 1L;
    private final String template;
    private final transient Object[] values;

    public ConfigException(String message) {
        super(message);
        this.template = null;
        this.values = null;
    }

    private ConfigException(String template, Object[] values) {
        super(NamesSettings.spell(template, UnaryOperator.identity(), values));
        this.template = template;
        this.values = values;
    }

    /** A problem that names settings as {@code {key}} in {@code template}, with {@code %s} for {@code values} ({@link NamesSettings#spell}). */
    public static ConfigException naming(String template, Object... values) {
        return new ConfigException(template, values);
    }

    @Override
    public String message(UnaryOperator<String> spelling) {
        return template == null ? getMessage() : NamesSettings.spell(template, spelling, values);
    }
}
