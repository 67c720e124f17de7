package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every numeric option of every command, given a word: one line on stderr naming the option and the
 * expected form, exit code 2, never Java's "For input string".
 */
class NumericOptionsTest {
    private static final Set<Class<?>> NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class, double.class, Double.class,
            float.class, Float.class);

    @Test
    void aWordForANumberIsOneLineNamingTheOption() {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CommandLine sub : commands(Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())))) {
            CommandSpec spec = sub.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                Class<?> type = o.type().isArray() ? o.type().getComponentType() : o.auxiliaryTypes()[0];
                if (!NUMBERS.contains(o.type()) && !NUMBERS.contains(type)) {
                    continue;
                }
                List<String> args = new ArrayList<>(List.of(spec.qualifiedName(" ").split(" ")));
                args.remove(0);   // the top command's own name
                args.add(o.longestName());
                args.add("abc");
                StringWriter out = new StringWriter(), err = new StringWriter();
                int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
                String e = err.toString().strip();
                checked.add(String.join(" ", args));
                if (code != 2 || e.lines().count() != 1 || !e.contains(o.longestName()) || e.contains("For input string")) {
                    problems.add(String.join(" ", args) + " -> exit " + code + ": " + e);
                }
            }
        }
        assertTrue(checked.size() > 40, "numeric options found: " + checked);
        assertEquals(List.of(), problems);
    }

    @Test
    void numbersParsedByTheCommandsThemselvesAreOneLineToo() {
        System.setProperty("atari.home", org.atarisaliency.env.TestRoms.projectRoot().toString());
        for (String[] c : List.of(new String[] {"--frame-skip", "x"}, new String[] {"--quality", "x"})) {
            CliTest.Run r = CliTest.run("record", "--agent", CliTest.pong(), "--game", "pong", "--frames", "2", c[0], c[1], "--out", "/nonexistent/never.mp4");
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[0]) && !r.err().contains("For input string"), r.err());
        }
    }

    private static List<CommandLine> commands(CommandLine c) {
        List<CommandLine> all = new ArrayList<>(List.of(c));
        for (CommandLine s : c.getSubcommands().values()) {
            if (!all.contains(s) && s.getCommandName().equals(s.getCommandSpec().name())) {
                all.addAll(commands(s));
            }
        }
        return all.stream().distinct().toList();
    }
}
