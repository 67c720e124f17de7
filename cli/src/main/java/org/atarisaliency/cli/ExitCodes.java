package org.atarisaliency.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.atarisaliency.agents.IncompatibleAgentException;
import org.atarisaliency.agents.checkpoint.CheckpointException;
import org.atarisaliency.agents.train.TrainingDivergedException;
import org.atarisaliency.env.NamesSettings;
import org.atarisaliency.env.RomNotFoundException;
import org.atarisaliency.experiment.JobFailedException;
import org.atarisaliency.pipelines.BenchSaliency;
import picocli.CommandLine;

/**
 * Exit codes and the mapping of exceptions to them and to their one-line messages (the only
 * place that decides). Library errors name settings ("memory_scale must be ...", {@link NamesSettings});
 * here they are given the flag's spelling ("--memory-scale must be ...").
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    static final int MISSING_OR_MISMATCH = 3;
    static final int INTERNAL = 4;

    /** Setting keys whose flag is not their dashed spelling. */
    static final java.util.Map<String, String> FLAGS = java.util.Map.of("learning_rate", "--lr", "checkpoint_seconds", "--checkpoint-minutes",
            "entropy_coef", "--entropy", "saliency_frames", "--frames");

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
        if (e instanceof java.io.IOException || e instanceof UserFacingException || e instanceof JobFailedException
                || e instanceof TrainingDivergedException
                || e instanceof BenchSaliency.BenchException) {
            return FAILURE;
        }
        return INTERNAL;
    }

    /** The one line shown to the user, for an error outside any command. */
    public static String message(Throwable e) {
        return message(e, null);
    }

    /** The one line shown to the user; settings are named by {@code command}'s own flags (null: no command). */
    public static String message(Throwable e, CommandLine.Model.CommandSpec command) {
        if (e instanceof NoSuchFileException nsf) {
            return "file not found: " + nsf.getFile();
        }
        if (e instanceof org.atarisaliency.env.NotARomException) {
            return e.getMessage().replace("; pass a ROM from ale-py, or let the game id find it", "; pass a ROM from ale-py or omit --rom");
        }
        if (e instanceof org.atarisaliency.pipelines.GameMismatchException g) {
            return g.message(flag("game", command));
        }
        if (e instanceof NamesSettings n) {
            return firstLine(n.message(setting -> flag(setting, command)));
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile() + "; choose a location you can write to (or read, for inputs)";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is in the way (a file where a folder is needed); choose another --out or remove it";
        }
        if (e instanceof NotDirectoryException n) {
            return n.getFile() + " is not a folder; choose another --out";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        String m = e.getMessage();
        if (ExitCodes.of(e) == INTERNAL) {
            return "internal error: " + e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m)) + " (run with --debug for details)";
        }
        return m == null ? e.getClass().getSimpleName() : firstLine(m);
    }

    /**
     * How a message names a setting key: the flag of {@code command} that sets it ("memory_scale" ->
     * "--memory-scale", or the flag {@link #FLAGS} lists for it: "learning_rate" -> "--lr"); a setting
     * that {@code command} has no flag for keeps its key, so that a message never names a flag the
     * command does not have. Without a command, the dashed spelling.
     */
    static String flag(String setting, CommandLine.Model.CommandSpec command) {
        String dashed = "--" + setting.replace('_', '-');
        if (command == null) {
            return dashed;
        }
        for (String f : new String[] {dashed, FLAGS.get(setting)}) {
            if (f != null && command.findOption(f) != null) {
                return f;
            }
        }
        return setting;
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
