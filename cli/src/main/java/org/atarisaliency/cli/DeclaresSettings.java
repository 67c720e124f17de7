package org.atarisaliency.cli;

import java.util.Map;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;

/**
 * A command whose pipeline settings are generated from the pipeline's {@link Declaration}: one
 * option per setting ({@code --kebab-case} of its key), added by {@link DeclaredOptions} when the
 * command line is built, and read back as checked values with {@link DeclaredOptions#values}.
 */
public interface DeclaresSettings {
    /** The settings this command sets. */
    Declaration declaration();

    /** A declared choice whose value puts other defaults in place of the declared ones (train's algorithm), or null. */
    default Setting<String> defaultsChosenBy() {
        return null;
    }

    /** The defaults, by key, that {@link #defaultsChosenBy()} set to {@code choice} puts in place of the declared ones. */
    default Map<String, Object> defaultsFor(String choice) {
        return Map.of();
    }
}
