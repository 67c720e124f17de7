/**
 * The {@code atari-saliency} command line (picocli), commands only: each subcommand maps its
 * options (shared ones from the mixins {@link org.atarisaliency.cli.AgentOptions},
 * {@link org.atarisaliency.cli.GameOptions}, {@link org.atarisaliency.cli.SeedOptions},
 * {@link org.atarisaliency.cli.OutputOptions}, and the options {@link org.atarisaliency.cli.DeclaredOptions}
 * generates from a pipeline's settings declaration) onto a pipeline's typed settings and prints; {@link org.atarisaliency.cli.ExitCodes} maps library errors
 * to one-line messages with the flags' spelling and to exit codes. Only this package knows flags.
 */
package org.atarisaliency.cli;
