package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.atarisaliency.pipelines.BenchTrain;
import org.atarisaliency.pipelines.Train;
import org.atarisaliency.pipelines.settings.Setting;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help of {@code train} and {@code bench train} says PPO's own defaults next to each declared one, from the declarations. */
class AlgorithmDefaultsHelpTest {

    private static CommandLine command(String... path) {
        CommandLine cl = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        return cl;
    }

    private static String help(CommandLine cl, String flag) {
        return String.join(" ", cl.getCommandSpec().findOption(flag).description());
    }

    private static void assertSaysPpoDefaults(CommandLine cl, Map<String, Object> ppo) {
        assertFalse(ppo.isEmpty());
        ppo.forEach((key, value) -> {
            Setting<?> s = Train.DECLARATION.setting(key);
            String flag = DeclaredOptions.flag(s), h = help(cl, flag);
            assertTrue(h.endsWith("; default: " + Setting.text(s.defaultValue()) + "; with --algo ppo: " + Setting.text(value) + ")."), flag + ": " + h);
        });
    }

    @Test
    void trainHelpGivesPpoDefaultsOfArchLrEnvsSteps() {
        CommandLine train = command("train");
        Map<String, Object> ppo = Train.defaultsFor("ppo");
        assertEquals(java.util.Set.of("arch", "lr", "envs", "steps"), ppo.keySet());
        assertSaysPpoDefaults(train, ppo);
        assertFalse(help(train, "--frames").contains("ppo"), help(train, "--frames"));
        StringWriter text = new StringWriter();
        train.usage(new PrintWriter(text));
        String lr = "default: " + Setting.text(Train.DECLARATION.setting("lr").defaultValue()) + "; with --algo ppo: " + Setting.text(ppo.get("lr"));
        assertTrue(text.toString().replaceAll("\\s+", " ").contains(lr), lr + " in " + text);
    }

    @Test
    void benchTrainHelpGivesPpoDefaultsOfItsOwnSettings() {
        CommandLine bench = command("bench", "train");
        assertSaysPpoDefaults(bench, BenchTrain.defaultsFor("ppo"));
        assertFalse(help(bench, "--updates").contains("ppo"), help(bench, "--updates"));
    }
}
