package org.atarisaliency.cli;

import java.nio.file.Path;

/**
 * Commands printed for the user to type next, spelt so that they work as typed from the current folder:
 * the launcher and the project's files (notebooks/, .deps/) relative to the checkout when run from its
 * root ({@code ./atari-saliency}), absolute otherwise; every path shell-quoted where it needs it.
 */
final class Launcher {
    private Launcher() {
    }

    /** The checkout: $atari.home (the launcher sets it), else the current folder. */
    static Path home() {
        return Path.of(System.getProperty("atari.home", ".")).toAbsolutePath().normalize();
    }

    /** A project file or folder as the user types it: {@code ./REL} from the checkout's root, else its absolute path. */
    static String project(String relative) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return cwd.equals(home()) ? "./" + relative : quote(home().resolve(relative).toString());
    }

    /** {@code ./atari-saliency ARGS} (each argument quoted where it needs it). */
    static String command(Object... args) {
        StringBuilder b = new StringBuilder(project("atari-saliency"));
        for (Object a : args) {
            b.append(' ').append(quote(String.valueOf(a)));
        }
        return b.toString();
    }

    /** The command that executes the study notebook on an export folder, saving the executed copy and its figures in {@code out}. */
    static String studyNotebook(Path export, Path out) {
        return "ATARI_STUDY_EXPORT=" + quote(export.toString()) + " PYTHONPATH=" + project(".deps/notebooks") + " python3 "
                + project("notebooks/execute.py") + " user_study --out " + quote(out.toString());
    }

    /** A word as a POSIX shell reads it: as is when it holds only safe characters, else in single quotes. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
