package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.Npy;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sanity} driven in-process with tiny settings. */
class SanityCommandTest {
    @TempDir
    Path tmp;

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
    void jsonHasAllResults() throws Exception {
        String[] r = run("sanity", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "1", "--skip", "40",
                "--stride", "16", "--steps", "4", "--shifts", "0.1", "--json", "--quiet", "--out", tmp.resolve("j").toString());
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
        // the same document, the chart and the maps in --out
        Path dir = tmp.resolve("j");
        String file = Files.readString(dir.resolve("sanity.json"));
        for (String key : new String[] {"\"verdicts\": [{\"check\": \"randomisation\", \"map\": \"perturbation actor\", \"outcome\": \"",
            "\"threshold\": 0.5, \"rule\": \"spearman < 0.5\", \"source\": \"Adebayo et al. 2018", "\"map\": \"input-relative actor\"",
            "\"check\": \"input_invariance\", \"map\": \"perturbation\", \"outcome\": \"pass\"", "\"randomisation_spearman_below\": 0.5",
            "\"relative_actor\": {\"spearman\": ", "\"method\": \"relative_actor\"", "\"all_pass\": ", "\"rom_md5\": ", "\"seed\": 0"}) {
            assertTrue(file.contains(key), key + " missing in " + file);
        }
        byte[] png = Files.readAllBytes(dir.resolve("sanity.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "sanity.png is a PNG");
        assertTrue(Files.readString(dir.resolve("sanity.svg")).contains("<svg"), "sanity.svg beside it");
        for (String name : org.atarisaliency.pipelines.Sanity.MAP_FILES) {
            Npy.Array a = Npy.read(dir.resolve(name));
            assertEquals(java.util.List.of(1, 80, 80), java.util.List.of(a.shape()[0], a.shape()[1], a.shape()[2]), name);
        }
    }

    @Test
    void textTablesAndErrors() throws Exception {
        String[] r = run("sanity", "--agent", TestAssets.agent("pong-v4", 80).toString(), "--game", "Pong-v4", "--frames", "1", "--skip", "10",
                "--stride", "16", "--steps", "2", "--shifts", "-0.1", "--quiet", "--out", tmp.resolve("t").toString());
        assertEquals("0", r[0], r[2]);
        for (String s : new String[] {"(a) Cascading randomisation", "original ", "conv1 ", "(b) Input-shift invariance", "-0.1", "function",
            "(c) Deletion / insertion", "perturbation_actor", "chosen_action", "random", "input-relative maps", "relative_actor",
            "PASS input invariance, perturbation maps: ", "(pass below 0.50)", "deletion/insertion, perturbation_actor map: ", "wrote "}) {
            assertTrue(r[1].contains(s), s + " missing in\n" + r[1]);
        }
        // one verdict line per randomised map, each PASS or FAIL with its number, before the tables
        for (String map : new String[] {"perturbation actor", "perturbation critic", "input-relative actor", "input-relative critic"}) {
            assertTrue(r[1].matches("(?s).*\\n(PASS|FAIL) randomisation, " + map + " map: after randomising every layer, it (still )?correlates"
                    + " -?[0-9.]+ \\(Spearman\\).*"), map + " verdict missing in\n" + r[1]);
        }
        assertTrue(r[1].indexOf("randomisation, perturbation actor map") < r[1].indexOf("(a) Cascading"), r[1]);
        assertTrue(Files.isRegularFile(tmp.resolve("t").resolve("sanity.json")));
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
