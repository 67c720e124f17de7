package org.atarisaliency.cli;

import org.atarisaliency.pipelines.settings.Declaration;

/**
 * A command whose pipeline settings are generated from the pipeline's {@link Declaration}: one
 * option per setting ({@code --kebab-case} of its key), added by {@link DeclaredOptions} when the
 * command line is built, and read back as checked values with {@link DeclaredOptions#values}.
 */
public interface DeclaresSettings {
    /** The settings this command sets. */
    Declaration declaration();
}
