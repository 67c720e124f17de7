package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atarisaliency.cli.DeclaresSettings;
import org.atarisaliency.cli.Main;
import org.atarisaliency.pipelines.settings.Declaration;
import org.atarisaliency.pipelines.settings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The experiment configs agree with the library on every declared setting: a job type's schema
 * has one key per setting of its pipeline's declaration, with the declaration's default, and refuses
 * a value just outside the declared range, naming the range; and the pipeline a job type runs is
 * declared by the same declaration the command line uses.
 */
class SettingsSchemaAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void everyJobTypesSchemaHasItsDeclarationsDefaults() {
        int declared = 0;
        for (JobType t : JobTypes.all()) {
            Declaration d = t.declaration();
            if (d == null) {
                continue;
            }
            declared++;
            Map<String, Object> defaults = t.configSchema().read(null);
            for (Setting<?> s : d.settings()) {
                assertTrue(t.configSchema().keys().contains(s.key()), t.name() + " lacks " + s.key());
                if (s.isInSpecsOnlyWhenGiven()) {
                    assertFalse(defaults.containsKey(s.key()), t.name() + "." + s.key() + " is in a spec only where given");
                } else {
                    assertEquals(s.defaultValue(), defaults.get(s.key()), t.name() + "." + s.key());
                }
                // the default, given explicitly, reads back as the declaration's value
                assertEquals(s.defaultValue(), t.configSchema().readKey(s.key(), node(s.key() + ": " + yaml(s.defaultValue()), s.key())));
            }
        }
        assertTrue(declared >= 1, "no job type declares its settings");
    }

    @Test
    void aValueOutsideTheRangeIsRefusedWithTheRange() {
        for (JobType t : JobTypes.all()) {
            Declaration d = t.declaration();
            if (d == null) {
                continue;
            }
            for (Setting<?> s : d.settings()) {
                if (s.type() != Setting.Type.INTEGER && s.type() != Setting.Type.NUMBER) {
                    continue;
                }
                for (double bad : new double[] {s.min() - 1, s.max() + 1}) {
                    if (Math.abs(bad) > 1e15) {
                        continue;
                    }
                    String text = s.type() == Setting.Type.INTEGER ? Long.toString((long) bad) : Double.toString(bad);
                    ConfigException e = assertThrows(ConfigException.class, () -> t.configSchema().readKey(s.key(), node(s.key() + ": " + text, s.key())),
                            t.name() + "." + s.key() + " " + text);
                    assertTrue(e.getMessage().contains(s.range().replace("..", "..")) || e.getMessage().contains(Setting.text(s.max())),
                            e.getMessage());
                }
            }
        }
    }

    @Test
    void aJobTypesSettingThatACommandHasIsTheCommandsSetting() {
        Map<String, Setting<?>> commands = new java.util.HashMap<>();
        Set<Declaration> declarations = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        collect(Main.newCommandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(new java.io.StringWriter())), declarations);
        for (JobType t : JobTypes.all()) {
            if (t.declaration() == null) {
                continue;
            }
            for (Setting<?> s : t.declaration().settings()) {
                boolean declared = false, same = false;
                for (Declaration d : declarations) {
                    Setting<?> c = d.setting(s.key());
                    declared |= c != null;
                    same |= c != null && c.defaultValue().equals(s.defaultValue()) && c.range().equals(s.range()) && c.help().equals(s.help());
                }
                // a setting only a job has (maps' frames_npy) is the job's; one a command has too must be the same setting
                assertTrue(!declared || same, t.name() + "." + s.key() + " (" + s + ") differs from every command's " + s.key()
                        + ": the command line and the job must share one declaration");
            }
        }
    }

    private static void collect(CommandLine cl, Set<Declaration> out) {
        if (cl.getCommand() instanceof DeclaresSettings d) {
            out.add(d.declaration());
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, out));
    }

    private ConfigNode node(String yaml, String key) {
        try {
            Path f = Files.createTempFile(tmp, "s", ".yaml");
            Files.writeString(f, yaml + "\n");
            return ConfigNode.parse(f).map(new HashSet<>(List.of(key))).get(key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String yaml(Object v) {
        if (v instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(SettingsSchemaAgreementTest::yaml).toList()) + "]";
        }
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }
}
