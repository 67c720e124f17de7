package org.atarisaliency.cli;

import java.nio.file.NoSuchFileException;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.env.RomNotFoundException;
import picocli.CommandLine;

/** Exit codes and the mapping of exceptions to them (the only place that decides). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    static final int MISSING_OR_MISMATCH = 3;
    static final int INTERNAL = 4;

    private ExitCodes() {
    }

    public static int of(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof RomNotFoundException || e instanceof CheckpointException || e instanceof IncompatibleAgentException
                || e instanceof NoSuchFileException) {
            return MISSING_OR_MISMATCH;
        }
        if (e instanceof java.io.IOException || e instanceof UserFacingException) {
            return FAILURE;
        }
        return INTERNAL;
    }

    /** The one line shown to the user. */
    public static String message(Throwable e) {
        if (e instanceof NoSuchFileException nsf) {
            return "file not found: " + nsf.getFile();
        }
        String m = e.getMessage();
        if (ExitCodes.of(e) == INTERNAL) {
            return "internal error: " + e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m)) + " (run with --debug for details)";
        }
        return m == null ? e.getClass().getSimpleName() : firstLine(m);
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
