package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.InvalidSettingException;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.train.Teacher;
import org.atarisaliency.pipelines.BenchSaliency;
import org.atarisaliency.pipelines.BenchTrain;
import org.atarisaliency.pipelines.Evaluate;
import org.atarisaliency.pipelines.FrameSaliency;
import org.atarisaliency.pipelines.HintTest;
import org.atarisaliency.pipelines.Imitate;
import org.atarisaliency.pipelines.Intervene;
import org.atarisaliency.pipelines.Maps;
import org.atarisaliency.pipelines.Memory;
import org.atarisaliency.pipelines.MapMethods;
import org.atarisaliency.pipelines.Progression;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.pipelines.Sanity;
import org.atarisaliency.pipelines.Shortcut;
import org.atarisaliency.pipelines.Train;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.atarisaliency.pipelines.settings.SettingValues;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line and the library agree on every declared setting: each command that declares
 * its pipeline's settings has exactly one option per setting, with the declaration's default and
 * range; a value outside the range is refused by the library with the flag's spelling; and every
 * pipeline's provenance records every setting it declares (the experiment schema's side is
 * {@code org.atarisaliency.experiment.SettingsSchemaAgreementTest}).
 */
class SettingsAgreementTest {
    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    /** Every command of the tree that declares settings, by its qualified name. */
    static Map<String, CommandLine> declaringCommands() {
        Map<String, CommandLine> out = new java.util.TreeMap<>();
        collect(Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())), out);
        return out;
    }

    private static void collect(CommandLine cl, Map<String, CommandLine> out) {
        if (cl.getCommand() instanceof DeclaresSettings) {
            out.put(cl.getCommandSpec().qualifiedName(), cl);
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, out));
    }

    /**
     * How each pipeline's provenance is made from its settings; a pipeline that declares settings but is
     * missing here fails {@link #everyPipelinesProvenanceHoldsEverySetting}.
     */
    private static Map<Declaration, Function<SettingValues, Map<String, Object>>> provenances() {
        Path agent = TestAssets.agent("pong-v4", 80);
        Game pong = Game.find("Pong-v4");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Map<Declaration, Function<SettingValues, Map<String, Object>>> m = new IdentityHashMap<>();
        m.put(Sanity.DECLARATION, v -> new Sanity.Settings(agent, pong, 0, v).provenance());
        m.put(Record.DECLARATION, v -> withPolicy(agent, p -> new Record.Settings(agent, pong, 0, 0, 1, v, null, null, tmp.resolve("x.mp4"))
                .provenance(p)));
        m.put(FrameSaliency.DECLARATION, v -> withPolicy(agent, p -> new FrameSaliency.Settings(agent, null, null, v, tmp, "off", 0).provenance(p)));
        m.put(Evaluate.DECLARATION, v -> new Evaluate.Settings(agent, pong, 0, v).provenance());
        m.put(Memory.DECLARATION, v -> withPolicy(agent, p -> new Memory.Settings(agent, pong, 0, v, tmp).provenance(p)));
        m.put(Intervene.DECLARATION, v -> new Intervene.Settings(agent, pong, 0, v, tmp).provenance());
        m.put(Shortcut.DECLARATION, v -> new Shortcut.Settings(agent, pong, 0, v, tmp).provenance());
        m.put(Imitate.DECLARATION, v -> io(() -> new Imitate.Settings(pong, agent, Teacher.Mode.EXPERT, 0, v, 60, tmp, false).provenance()));
        m.put(HintTest.DECLARATION, v -> io(() -> new HintTest.Settings(agent, pong.spec(), pong.rom(), agent, 0, v).provenance()));
        m.put(Train.DECLARATION, v -> io(() -> new Train.Settings(pong, 0, v, true, 60, tmp, false).provenance()));
        m.put(Maps.DECLARATION, v -> new Maps.Settings(agent, pong, 0, 0, 1, MapMethods.byDefault(),
                MapMethods.byDefault().declaration().defaults(), v, tmp).provenance());
        m.put(Progression.DECLARATION, v -> new Progression.Settings(pong, 0, 0, 1, v, tmp).provenance());
        m.put(BenchSaliency.DECLARATION, v -> new BenchSaliency.Settings(agent, pong, v, null).provenance());
        m.put(BenchTrain.DECLARATION, v -> new BenchTrain.Settings(pong, v, null).provenance());
        return m;
    }

    /** Pipelines with a job type but no command of their own. */
    private static final List<Declaration> JOB_ONLY = List.of(Maps.DECLARATION, Progression.DECLARATION);

    private interface IoSupplier<T> {
        T get() throws java.io.IOException;
    }

    private static <T> T io(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> withPolicy(Path agent, Function<Policy, Map<String, Object>> f) {
        try (Policy p = Agents.loadPolicy(agent, 6)) {
            return f.apply(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void someCommandsDeclareTheirSettings() {
        assertTrue(declaringCommands().containsKey("atari-saliency sanity"), declaringCommands().keySet().toString());
    }

    @Test
    void everyDeclaredSettingIsOneOptionWithItsDefaultAndRange() {
        for (CommandLine cl : declaringCommands().values()) {
            Declaration d = ((DeclaresSettings) cl.getCommand()).declaration();
            String command = cl.getCommandSpec().qualifiedName();
            for (Setting<?> s : d.settings()) {
                String flag = DeclaredOptions.flag(s);
                OptionSpec o = cl.getCommandSpec().findOption(flag);
                assertNotNull(o, command + " has no " + flag + " for " + s.key());
                if (s.type() != Setting.Type.FLAG) {
                    assertEquals(Setting.text(s.defaultValue()), o.defaultValue(), command + " " + flag + " default");
                }
                String help = String.join(" ", o.description());
                assertTrue(help.startsWith(s.help()), command + " " + flag + " help: " + help);
                if (s.type() != Setting.Type.FLAG) {
                    assertTrue(help.contains(s.range()), command + " " + flag + " help names its range " + s.range() + ": " + help);
                }
                // nothing given applies the default; the default or (a flag) its opposite, given, is the value applied
                assertEquals(s.defaultValue(), applied(cl, d, List.of()).get(s), command + " " + flag + " applies its default");
                Object other = s.type() == Setting.Type.FLAG ? !(Boolean) s.defaultValue() : s.defaultValue();
                assertEquals(other, applied(cl, d, DeclaredOptions.arguments(s, other)).get(s), command + " " + flag + " applies " + other);
            }
        }
    }

    @Test
    void aValueOutsideTheRangeIsRefusedNamingTheFlag() {
        for (CommandLine cl : declaringCommands().values()) {
            Declaration d = ((DeclaresSettings) cl.getCommand()).declaration();
            String command = cl.getCommandSpec().qualifiedName();
            for (Setting<?> s : d.settings()) {
                for (String bad : outside(s)) {
                    String flag = DeclaredOptions.flag(s);
                    CommandLine fresh = fresh(command);
                    try {
                        parseFromRoot(fresh, requiredArgs(fresh, flag, bad));
                    } catch (CommandLine.ParameterException e) {
                        continue; // not even a value of the type (picocli's one-line message)
                    }
                    InvalidSettingException e = assertThrows(InvalidSettingException.class,
                            () -> DeclaredOptions.values(fresh.getCommandSpec(), d), command + " " + flag + " " + bad);
                    assertEquals(s.key(), e.setting());
                    String line = ExitCodes.message(e, fresh.getCommandSpec());
                    assertTrue(line.startsWith(flag + " must be "), line);
                    assertFalse(line.contains("\n"), line);
                    assertEquals(ExitCodes.BAD_INPUT, ExitCodes.of(e));
                }
            }
        }
    }

    @Test
    void everyPipelinesProvenanceHoldsEverySetting() {
        Map<Declaration, Function<SettingValues, Map<String, Object>>> provenances = provenances();
        Map<String, Declaration> pipelines = new java.util.LinkedHashMap<>();
        for (CommandLine cl : declaringCommands().values()) {
            pipelines.put(cl.getCommandSpec().qualifiedName(), ((DeclaresSettings) cl.getCommand()).declaration());
        }
        for (Declaration d : JOB_ONLY) {
            pipelines.put("job-only " + d.settings().get(0).key() + "...", d);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Declaration> e : pipelines.entrySet()) {
            Declaration d = e.getValue();
            Function<SettingValues, Map<String, Object>> p = provenances.get(d);
            if (p == null) {
                missing.add(e.getKey());
                continue;
            }
            // an agent with memory and every part on, so that every setting applies
            SettingValues values = d.defaults();
            Map<String, Object> recorded = p.apply(values);
            for (Setting<?> s : d.settings()) {
                assertTrue(recorded.containsKey(s.key()), e.getKey() + "'s provenance lacks " + s.key() + ": " + recorded);
                assertEquals(Setting.text(values.get(s)), Setting.text(recorded.get(s.key())), e.getKey() + " " + s.key());
            }
        }
        if (!missing.isEmpty()) {
            fail("no provenance check for " + missing + ": add the pipeline to provenances()");
        }
    }

    private static SettingValues applied(CommandLine cl, Declaration d, List<String> args) {
        CommandLine fresh = fresh(cl.getCommandSpec().qualifiedName());
        List<String> all = new ArrayList<>(List.of(requiredArgs(fresh, null, null)));
        all.addAll(args);
        parseFromRoot(fresh, all.toArray(String[]::new));
        return DeclaredOptions.values(fresh.getCommandSpec(), d);
    }

    /** The command's required options (with harmless values), then {@code flag=value} unless {@code flag} is null. */
    private static String[] requiredArgs(CommandLine cl, String flag, String value) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.required() && !o.longestName().equals(flag)) {
                args.add(o.longestName());
                args.add(o.longestName().equals("--game") ? "Pong-v4" : "x");
            }
        }
        if (flag != null) {
            args.add(flag + "=" + value);
        }
        return args.toArray(String[]::new);
    }

    /** Parses {@code args} of the subcommand {@code c} as the whole command line would (from the root). */
    private static void parseFromRoot(CommandLine c, String[] args) {
        List<String> all = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName().split(" ")));
        all.remove(0);
        all.addAll(List.of(args));
        CommandLine root = c;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        root.parseArgs(all.toArray(String[]::new));
    }

    private static CommandLine fresh(String qualifiedName) {
        CommandLine root = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine c = root;
        for (String part : qualifiedName.split(" ")) {
            if (!part.equals(root.getCommandName())) {
                c = c.getSubcommands().get(part);
            }
        }
        return c;
    }

    /** Values just outside a setting's range (none for choices and flags, which picocli or the choice check refuse). */
    private static List<String> outside(Setting<?> s) {
        return switch (s.type()) {
            case INTEGER, INTEGERS -> List.of(Setting.text((long) s.min() - 1), Setting.text((long) s.max() + 1));
            case NUMBER, NUMBERS -> List.of(Setting.text(s.min() - Math.max(1e-3, Math.abs(s.min()) * 1e-3)),
                    Setting.text(s.max() + Math.max(1e-3, Math.abs(s.max()) * 1e-3)));
            case CHOICE -> List.of("no-such-" + s.key());
            case FLAG, TEXT -> List.of();
        };
    }
}
