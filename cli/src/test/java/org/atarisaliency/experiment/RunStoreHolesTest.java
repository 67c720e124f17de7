package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.atarisaliency.cli.Main;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holes an outside probe found in run-job and resume: a job.json is validated like a config and its
 * id follows from its content; resume trusts only outputs whose size and checksum are those
 * recorded when the job finished; a second run on the same folder is a plain failure, not an
 * internal error.
 */
class RunStoreHolesTest {
    @TempDir
    static Path tmp;
    static Path exp;

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void planAndRun() throws Exception {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        Path cfg = tmp.resolve("holes.yaml");
        Files.writeString(cfg, ExperimentRunTest.pongAgents("holes")
                + "seeds: [0]\nframes: [{start: 40, count: 3}]\nmethods: [{method: perturbation, stride: 10}]\n"
                + "outputs:\n  maps: true\n  video: {scale: 1, stride: 10}\n");
        ExperimentRunTest.run(cfg, tmp.resolve("runs"), 1, false);
        exp = tmp.resolve("runs").resolve("holes");
    }

    private static Path edited(String name, String from, String to) throws Exception {
        String text = Files.readString(exp.resolve("maps_p80_Pong-v4_s0_f40-43_perturbation/job.json"), StandardCharsets.UTF_8);
        assertTrue(text.contains(from), from);
        Path f = tmp.resolve(name + ".json");
        Files.writeString(f, text.replace(from, to));
        return f;
    }

    @Test
    void anEditedSpecIsRefusedAndTheFinishedFolderKept() throws Exception {
        Path folder = exp.resolve("maps_p80_Pong-v4_s0_f40-43_perturbation");
        FileTime before = Files.getLastModifiedTime(folder.resolve("actor.npy"));
        Run seed = cli("run-job", edited("seed", "\"seed\": 0", "\"seed\": 1").toString(), "--out", exp.toString());
        assertEquals(2, seed.code(), seed.err());
        assertTrue(seed.err().contains("does not follow from its spec") && seed.err().contains("_s1_"), seed.err());
        Run count = cli("run-job", edited("count", "\"count\": 3", "\"count\": -1").toString(), "--out", exp.toString());
        assertEquals(2, count.code(), count.err());
        assertTrue(count.err().contains("spec.frames.count: must be an integer in 1..1000000, got -1"), count.err());
        Run unknown = cli("run-job", edited("unknown", "\"policy\": \"greedy\"", "\"policy\": \"greedy\", \"polcy\": 1").toString(),
                "--out", exp.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("spec.settings.polcy: unknown key"), unknown.err());
        String text = Files.readString(exp.resolve("maps_p80_Pong-v4_s0_f40-43_perturbation/job.json"));
        String sha = text.substring(text.indexOf("\"spec_sha256\": \"") + 16, text.indexOf("\"spec_sha256\": \"") + 16 + 64);
        Run hash = cli("run-job", edited("hash", sha, "0".repeat(64)).toString(), "--out", exp.toString());
        assertEquals(2, hash.code(), hash.err());
        assertTrue(hash.err().contains("spec_sha256: does not match the spec"), hash.err());
        for (Run r : List.of(seed, count, unknown, hash)) {
            assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error: ")).count(), r.err());
        }
        assertEquals(before, Files.getLastModifiedTime(folder.resolve("actor.npy")), "the finished job was not touched");
        assertFalse(Files.exists(exp.resolve("maps_p80_Pong-v4_s0_f40-43_perturbation").resolveSibling("maps_p80_Pong-v4_s1_f40-43_perturbation")));
    }

    @Test
    void resumeRedoesJobsWhoseOutputsWereDamaged() throws Exception {
        Path actor = exp.resolve("maps_p40_Pong-v4_s0_f40-43_perturbation/actor.npy");
        byte[] good = Files.readAllBytes(actor);
        Files.write(actor, java.util.Arrays.copyOf(good, good.length - 100));
        Files.delete(exp.resolve("video_p40_Pong-v4_s0_f40-43/video.mp4"));
        // status checks the outputs as run does, and names the file
        Run human = cli("status", exp.toString());
        assertEquals(0, human.code(), human.err());
        assertTrue(human.out().contains("2 done, 2 damaged"), human.out());
        assertTrue(human.out().lines().anyMatch(l -> l.contains("damaged") && l.contains("maps_p40_Pong-v4_s0_f40-43_perturbation")
                && l.contains("actor.npy changed")), human.out());
        assertTrue(human.out().lines().anyMatch(l -> l.contains("damaged") && l.contains("video.mp4 missing")), human.out());
        Run json = cli("status", exp.toString(), "--json");
        Map<?, ?> report = (Map<?, ?>) new org.yaml.snakeyaml.Yaml().load(json.out());
        assertEquals(Map.of("done", 2, "damaged", 2), report.get("counts"));
        assertTrue(((List<?>) report.get("jobs")).stream().map(j -> (Map<?, ?>) j).anyMatch(j -> "damaged".equals(j.get("state"))
                && String.valueOf(j.get("error")).startsWith("video.mp4 missing")), json.out());
        Run r = cli("run", tmp.resolve("holes.yaml").toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 jobs: 2 already done, 2 done now"), r.out());
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(actor)), "the recomputed maps are the same bytes");
        assertTrue(Files.size(exp.resolve("video_p40_Pong-v4_s0_f40-43/video.mp4")) > 0);
        Map<?, ?> status = (Map<?, ?>) new org.yaml.snakeyaml.Yaml().load(Files.readString(actor.resolveSibling("status.json")));
        assertTrue(((Map<?, ?>) status.get("outputs")).containsKey("actor.npy"), "status.json lists the outputs with their checksums");
    }

    @Test
    void aSecondRunOnTheSameFolderIsAPlainFailure() throws Exception {
        try (RunStore held = RunStore.open(exp, Map::of)) {
            Run r = cli("run", tmp.resolve("holes.yaml").toString(), "--out", tmp.resolve("runs").toString(), "--quiet");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().startsWith("error: another run is writing "), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
        }
    }
}
