package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The entry points of the Python package {@code atari_saliency} (python/, over this JVM in-process through JPype):
 * a command line run as the {@code atari-saliency} command runs it, with its output captured, and the one-line message
 * and exit code the command line gives a library error, so that Python raises with the same words.
 */
public final class PythonBridge {
    /**
     * A finished command line: its exit code, what it printed on stdout and stderr, and the one-line error it
     * printed (without "error: "; null when it succeeded).
     */
    public record Outcome(int exitCode, String out, String err, String message) {
    }

    private PythonBridge() {
    }

    /** Runs {@code args} as {@code atari-saliency ARGS} does ({@link Main#run}), in this JVM. */
    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString(), code == ExitCodes.OK ? null : errorLine(err.toString()));
    }

    /** The one line the command line prints for {@code e} (settings named by their dashed flags). */
    public static String message(Throwable e) {
        return ExitCodes.message(e);
    }

    /** The exit code the command line gives {@code e}: 2 bad input, 3 missing file or mismatch, 1 other failure, 4 internal error. */
    public static int exitCode(Throwable e) {
        return ExitCodes.of(e);
    }

    /** The last "error: " line of a command's stderr, without the prefix; else its last line. */
    private static String errorLine(String err) {
        String[] lines = err.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("error: ")) {
                return lines[i].substring("error: ".length());
            }
        }
        return lines[lines.length - 1];
    }
}
