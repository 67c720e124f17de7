package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floating-point config fields refuse YAML's .nan and .inf (and huge values) with file, line and key. */
class NonFiniteConfigTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    void nanAndInfinityAreRefusedWithFileLineAndKey() throws Exception {
        for (String bad : new String[] {".nan", ".inf", "-.inf", "1e30"}) {
            Path f = tmp.resolve("exp.yaml");
            Files.writeString(f, "experiment: t\n" + ExperimentConfigTest.agents() + "frames: [{count: 2}]\noutputs:\n  imitate: {lr: " + bad + "}\n");
            ConfigException e = assertThrows(ConfigException.class, () -> ExperimentPlan.of(ExperimentConfig.read(f)), bad);
            String m = e.getMessage();
            assertEquals(1, m.lines().count(), m);
            assertTrue(m.contains("exp.yaml:7: outputs.imitate.lr: must be a number") && m.contains(bad), m);
        }
    }
}
