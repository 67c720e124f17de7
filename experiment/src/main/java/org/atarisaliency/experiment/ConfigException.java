package org.atarisaliency.experiment;

/** A problem in an experiment config, reported as one line naming the file, line and key. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
