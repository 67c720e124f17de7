/**
 * The {@code atari-saliency} command line (picocli): {@link org.atarisaliency.cli.Main} maps errors to
 * one-line messages and exit codes; one class per subcommand.
 */
package org.atarisaliency.cli;
