package org.atarisaliency.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.env.GameIds;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code atari-saliency} command. Only this class calls System.exit. */
@Command(name = "atari-saliency", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, resourceBundle = "org.atarisaliency.cli.Options",
        description = "See what a deep-RL Atari agent looks at: play, evaluate and explain trained agents.",
        subcommands = {RecordCommand.class, InterveneCommand.class, ShortcutCommand.class, ShortcutCompareCommand.class, TrainCommand.class, ImitateCommand.class, HintTestCommand.class, RunCommand.class, RunJobCommand.class, StatusCommand.class, StudyCommand.class, ViewCommand.class, EvaluateCommand.class, SaliencyCommand.class, MemoryCommand.class, SanityCommand.class, InfoCommand.class, AgentsCommand.class, GamesCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; see atari-saliency --help");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = newCommandLine(out, err);
        try {
            return cl.execute(args);
        } catch (Error e) {
            // errors (out of memory, a broken native library) bypass picocli's handler: still one line, the trace with --debug
            if (java.util.Arrays.asList(args).contains("--debug")) {
                e.printStackTrace(err);
            }
            err.println("error: " + ExitCodes.message(e));
            err.flush();
            return ExitCodes.of(e);
        }
    }

    /** The command factory used by {@link #main} and by tests. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        DeclaredOptions.addAll(cl);
        FiniteNumbers.register(cl);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
                    || parseResult.hasMatchedOption("--debug");
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("error: " + ExitCodes.message(ex, commandLine.getCommandSpec()));
            commandLine.getErr().flush();
            return ExitCodes.of(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            List<String> unknown = c.getUnmatchedArguments();
            String msg = ex.getMessage();
            if (!unknown.isEmpty() && unknown.get(0).startsWith("-")) {
                List<String> names = new ArrayList<>();
                c.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
                msg = "unknown option '" + unknown.get(0) + "'; did you mean "
                        + String.join(" or ", GameIds.closest(unknown.get(0), names, 2)) + "?";
            }
            c.getErr().println("error: " + msg + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
            c.getErr().flush();
            return ExitCodes.BAD_INPUT;
        });
        return cl;
    }

    /** Reads the version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"atari-saliency " + version(), "Java " + System.getProperty("java.version") + " ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }

    /** This build's version string. */
    public static String version() {
        return org.atarisaliency.pipelines.Provenance.version();
    }
}
