package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sanity} driven in-process with tiny settings. */
class SanityCommandTest {

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void jsonHasAllResults() {
        String[] r = run("sanity", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "1", "--skip", "40",
                "--stride", "16", "--steps", "4", "--shifts", "0.1", "--json", "--quiet");
        assertEquals("0", r[0], r[2]);
        assertEquals("", r[2], "--quiet: nothing on stderr");
        String json = r[1].trim();
        assertEquals(1, json.lines().count());
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String key : new String[] {"\"command\": \"sanity\"", "\"agent_sha256\": \"070942837671289755da61918afa47eef4cc24c60bc18e6cf03cfc07e4255bbd\"",
            "\"game\": \"Pong-v4\"", "\"frame_steps\": [40]", "\"randomization\": [{\"stage\": \"original\", \"actor\": {\"spearman\": 1.0, \"ssim\": 1.0",
            "\"stage\": \"heads\"", "\"stage\": \"gru\"", "\"stage\": \"conv1\"", "\"support_spearman\": ", "\"input_change_spearman\": ",
            "\"shift_invariance\": [{\"shift\": 0.1, \"frames\": 1, \"bias\": {", "\"function\": {\"actor_max_relative_diff\": ",
            "\"deletion_insertion\": {\"steps\": 4, \"fractions\": [0.0, 0.25, 0.5, 0.75, 1.0]", "\"method\": \"perturbation_actor\"",
            "\"method\": \"chosen_action\"", "\"method\": \"random\"", "\"policy_change_auc\": ", "\"action_probability\": [",
            "\"per_frame\": [{\"deletion\": {"}) {
            assertTrue(json.contains(key), key + " missing in " + json);
        }
        // deletion starts from the frame itself: no policy change, and the greedy action's probability unchanged
        assertTrue(json.contains("\"policy_change\": [0.0, "), json);
    }

    @Test
    void textTablesAndErrors() {
        String[] r = run("sanity", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "1", "--skip", "10",
                "--stride", "16", "--steps", "2", "--shifts", "-0.1", "--quiet");
        assertEquals("0", r[0], r[2]);
        for (String s : new String[] {"(a) Cascading randomisation", "original ", "conv1 ", "(b) Input-shift invariance", "-0.1", "function",
            "(c) Deletion / insertion", "perturbation_actor", "chosen_action", "random"}) {
            assertTrue(r[1].contains(s), s + " missing in\n" + r[1]);
        }
        String[] bad = run("sanity", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "0");
        assertEquals(Integer.toString(ExitCodes.BAD_INPUT), bad[0]);
        assertTrue(bad[2].startsWith("error: ") && bad[2].contains("--frames"), bad[2]);
        String[] mismatch = run("sanity", "--agent", TestAssets.agent("breakout-v4", 80).toString(), "--game", "Pong-v4");
        assertEquals(Integer.toString(ExitCodes.MISSING_OR_MISMATCH), mismatch[0], mismatch[2]);
        String[] help = run("sanity", "--help");
        assertEquals("0", help[0]);
        assertTrue(help[1].contains("Usage: atari-saliency sanity"), help[1]);
    }
}
