package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.atarisaliency.env.InvalidSettingException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every flag an error message names exists on the command that shows it. */
class MessageFlagsTest {
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Pattern SETTING = Pattern.compile(
            "(?:InvalidSettingException|checkRange|checkAtLeast|Setting\\.(?:integer|number|choice|flag|integers|numbers|text))\\(\"([a-z][a-z0-9_]*)\"");

    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }

    private static Set<String> options(CommandLine c) {
        Set<String> names = new TreeSet<>();
        c.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    /** The source of class {@code c}: from its declaration to the next command class declared in the same file. */
    private static String source(Class<?> c) throws IOException {
        Path p = Path.of("src/main/java", c.getName().replaceAll("\\$.*", "").replace('.', '/') + ".java");
        String all = Files.exists(p) ? Files.readString(p) : "";
        int start = Math.max(0, all.indexOf("class " + c.getSimpleName() + " "));
        int end = all.indexOf("@Command(", start);
        return all.substring(start, end < 0 ? all.length() : end);
    }

    /** The lines of {@code source} that build an error message (an exception's text). */
    private static String messages(String source) {
        return String.join("\n", source.lines().filter(l -> l.contains("Exception(")).toList());
    }

    @Test
    void theMessagesOfEachCommandNameOnlyItsOwnFlags() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (CommandLine c : commands()) {
            List<Class<?>> classes = new ArrayList<>(List.of(c.getCommandSpec().userObject().getClass()));
            c.getCommandSpec().mixins().values().forEach(m -> classes.add(m.userObject().getClass()));
            Set<String> flags = options(c);
            for (Class<?> k : classes) {
                Matcher lit = LITERAL.matcher(messages(source(k)));
                while (lit.find()) {
                    Matcher f = FLAG.matcher(lit.group(1));
                    while (f.find()) {
                        if (!flags.contains(f.group())) {
                            wrong.add(c.getCommandSpec().qualifiedName() + " (" + k.getSimpleName() + "): " + f.group());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aSettingIsNamedByTheCommandsOwnFlagOrByItsKey() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of(".."), 12)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src/main/java")).toList()) {
                Matcher m = SETTING.matcher(Files.readString(f));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        }
        assertTrue(keys.containsAll(List.of("learning_rate", "checkpoint_seconds", "hints", "envs")), keys.toString());
        List<String> wrong = new ArrayList<>();
        for (CommandLine c : commands()) {
            for (String key : keys) {
                String named = ExitCodes.message(new InvalidSettingException(key, "is wrong"), c.getCommandSpec()).split(" ")[0];
                if (named.startsWith("-") && !options(c).contains(named)) {
                    wrong.add(c.getCommandSpec().qualifiedName() + ": " + key + " -> " + named);
                }
            }
        }
        assertEquals(List.of(), wrong);
        CommandLine train = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).getSubcommands().get("train");
        assertEquals("--lr must be in (0, 1]", ExitCodes.message(new InvalidSettingException("learning_rate", "must be in (0, 1]"), train.getCommandSpec()));
        assertEquals("--checkpoint-minutes must be > 0",
                ExitCodes.message(new InvalidSettingException("checkpoint_seconds", "must be > 0"), train.getCommandSpec()));
    }

    @Test
    void theClustersSettingsAreNamedByTheirFlags() {
        CommandLine.Model.CommandSpec run = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getSubcommands().get("run").getCommandSpec();
        InvalidSettingException time = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class,
                () -> new org.atarisaliency.cluster.SlurmBackend.Options(null, "1 hour", 1, null, 0, List.of(), List.of("java"), java.util.Map.of(), true));
        assertEquals("--time must look like HH:MM:SS, D-HH:MM:SS or minutes, got '1 hour'", ExitCodes.message(time, run));
        InvalidSettingException pvc = org.junit.jupiter.api.Assertions.assertThrows(InvalidSettingException.class,
                () -> new org.atarisaliency.cluster.KubernetesJob.Options("i", "c", "Bad_Name", 1, 1, "1Gi"));
        assertEquals("--pvc must be a Kubernetes name (lower-case letters, digits, '-'), got 'Bad_Name'", ExitCodes.message(pvc, run));
    }
}
