package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.atarisaliency.cli.Main;
import org.atarisaliency.pipelines.FrameSaliency;
import org.atarisaliency.pipelines.MapMethod;
import org.atarisaliency.pipelines.MapMethods;
import org.atarisaliency.pipelines.settings.Setting;
import org.junit.jupiter.api.Test;

/**
 * Every registered map method is a choice of the saliency command's method option and a name of an
 * experiment config's {@code methods:} entries, whose schema follows from the method's declaration.
 */
class MapMethodsAgreementTest {
    @Test
    void everyMapMethodIsASaliencyChoiceAndAConfigMethodWithItsDeclaredSchema() {
        String choices = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).getSubcommands()
                .get("saliency").getCommandSpec().findOption("--method").paramLabel();
        assertEquals(MapMethods.names(), List.of(choices.split("\\|")));
        assertEquals(MapMethods.names(), List.copyOf(ExperimentConfig.METHODS.keySet()));
        for (MapMethod m : MapMethods.all()) {
            Schema schema = ExperimentConfig.METHODS.get(m.name());
            assertEquals(m.declaration().settings().stream().map(Setting::key).toList(), List.copyOf(schema.keys()), m.name());
            assertEquals(m.declaration().defaults().asMap(), schema.read(null), m.name());
            assertTrue(ExperimentConfig.METHOD_KEYS.containsAll(schema.keys()), m.name());
            for (Setting<?> s : m.declaration().settings()) {
                assertNotNull(m.frameDeclaration().setting(s.key()), m.name() + " does not apply its own " + s.key() + " to one frame");
            }
            for (Setting<?> s : m.frameDeclaration().settings()) {
                assertNotNull(FrameSaliency.DECLARATION.setting(s.key()), "the saliency command lacks " + m.name() + "'s " + s.key());
            }
        }
    }
}
