package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} on bad and good configs: one-line errors before any work, and dry runs that write nothing. */
class RunCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    /** The two real Pong agents of a config. */
    private static String agents() {
        return "agents: [{label: p40, file: " + TestAssets.agent("pong-v4", 40) + ", game: Pong-v4}, {label: p80, file: "
                + TestAssets.agent("pong-v4", 80) + ", game: Pong-v4}]\n";
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(tmp.resolve("exp.yaml"), yaml);
    }

    private static void contains(String message, String... needles) {
        java.util.Arrays.stream(needles).forEach(n -> assertTrue(message.contains(n), "'" + n + "' not in: " + message));
    }

    @Test
    void commandLine() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        Path cfg = write("experiment: t\n" + agents() + "outputs:\n  maps: true\n  vidoe: true\n");
        int code = Main.run(new String[] {"run", cfg.toString(), "--out", tmp.resolve("out").toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertEquals(2, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        contains(err.toString(), "error: exp.yaml:5: outputs.vidoe: unknown key");
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing is written for a bad config");

        err.getBuffer().setLength(0);
        code = Main.run(new String[] {"run", tmp.resolve("none.yaml").toString()}, new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));
        assertEquals(2, code);
        contains(err.toString(), "experiment config not found", "none.yaml");

        out.getBuffer().setLength(0);
        cfg = write("experiment: t\n" + agents() + "seeds: [0, 1]\noutputs: {maps: true}\n");
        code = Main.run(new String[] {"run", cfg.toString(), "--dry-run", "--out", tmp.resolve("out").toString()},
                new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        contains(out.toString(), "4 jobs (4 maps)", "maps_p40_Pong-v4_s1_f0-100_perturbation");
        assertTrue(!Files.exists(tmp.resolve("out").resolve("t")), "a dry run writes nothing");
    }

}
