package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** {@code shortcut}: one agent's folder, several agents compared, and the inputs it refuses in one line. */
class ShortcutCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void severalAgentsAreComparedAcrossTheirDrops() throws Exception {
        Path out = tmp.resolve("sc");
        CliTest.Run r = CliTest.run("shortcut", "--game", "Pong-v4", "--agent", "pong", TestAssets.agent("pong-v4", 40).toString(),
                TestAssets.agent("pong-v4", 80).toString(), "--episodes", "2", "--max-steps", "250", "--frames", "2", "--skip", "60",
                "--stride", "10", "--out", out.toString(), "--quiet");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        for (String agent : List.of("pong.pt", "model.40.tar", "model.80.tar")) {
            assertTrue(Files.isRegularFile(out.resolve(agent).resolve("summary.json")), agent);
        }
        Map<String, Object> c = new Yaml().load(Files.readString(out.resolve("comparison.json"), StandardCharsets.UTF_8));
        assertEquals(List.of("pong.pt", "model.40.tar", "model.80.tar"), c.get("agents"));
        Map<String, Object> rho = (Map<String, Object>) ((Map<String, Object>) c.get("spearman_reliance_vs_drop")).get("perturbation_actor");
        assertTrue(((Number) rho.get("n")).intValue() <= 3, rho.toString());
        assertEquals(4, Files.readAllLines(out.resolve("comparison.csv"), StandardCharsets.UTF_8).size(), "a header and a row per agent");
        assertTrue(Files.isRegularFile(out.resolve("comparison.svg")));

        // the same comparison from the tests' folders, as for an experiment's shortcut jobs
        Path again = tmp.resolve("again");
        CliTest.Run g = CliTest.run("shortcut-compare", out.toString(), "--out", again.toString(), "--quiet");
        assertEquals(ExitCodes.OK, g.code(), g.err());
        Map<String, Object> c2 = new Yaml().load(Files.readString(again.resolve("comparison.json"), StandardCharsets.UTF_8));
        assertEquals(c.get("spearman_reliance_vs_drop"), c2.get("spearman_reliance_vs_drop"));
        assertEquals(c.get("spearman_reliance_vs_relative_drop"), c2.get("spearman_reliance_vs_relative_drop"));
        assertEquals(c.get("drops"), c2.get("drops"));
        CliTest.refused(CliTest.run("shortcut-compare", out.resolve("pong.pt").toString(), "--out", tmp.resolve("one").toString()),
                "hold 1 shortcut test", "at least 2");
    }

    @Test
    void refusesInOneLine() {
        Path out = tmp.resolve("x");
        CliTest.refused(CliTest.run("shortcut", "--game", "Pong-v4", "--variant", "none", "--out", out.toString()), "--variant",
                "compares the game with a variant");
        CliTest.refused(CliTest.run("shortcut", "--game", "Pong-v4", "--variant", "lazy_bal", "--out", out.toString()), "--variant", "lazy_bal");
        CliTest.refused(CliTest.run("shortcut", "--game", "Pong-v4", "--object", "paddle", "--out", out.toString()), "--object",
                "ball, player, enemy");
        assertTrue(!Files.exists(out.resolve("summary.json")), "nothing written");
    }
}
