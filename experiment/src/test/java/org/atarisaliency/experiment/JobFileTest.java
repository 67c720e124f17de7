package org.atarisaliency.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atarisaliency.pipelines.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job ids follow from the spec, and a job.json is checked key by key before anything runs. */
class JobFileTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> mapsSpec(long seed) {
        Map<String, Object> game = new LinkedHashMap<>();
        game.put("id", "ALE/Pong-v5");
        game.put("rom", "/roms/pong.bin");
        game.put("rom_md5", "0".repeat(32));
        game.put("frame_skip", "4");
        game.put("repeat_action_probability", 0.25);
        Map<String, Object> agent = new LinkedHashMap<>(Map.of("label", "p80", "file", "/agents/p80.tar", "sha256", "a".repeat(64)));
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("method", "perturbation");
        method.put("stride", 5);
        method.put("radius", 5.0);
        method.put("blur", 3.0);
        method.put("mode", "occlude");
        method.put("label", "fine");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "maps");
        s.put("game", game);
        s.put("seed", seed);
        s.put("settings", new LinkedHashMap<>(Map.of("policy", "greedy", "frames_npy", true)));
        s.put("agent", agent);
        s.put("frames", new LinkedHashMap<>(Map.of("start", 10, "count", 5)));
        s.put("method", method);
        return s;
    }

    private Path write(JobSpec job, String id, String sha) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", "x");
        m.put("job", id);
        m.put("type", job.type());
        m.put("spec_sha256", sha);
        m.put("spec", job.spec());
        Path f = tmp.resolve("job.json");
        Files.writeString(f, Json.write(m));
        return f;
    }

    @Test
    void idsFollowFromTheSpec() {
        assertEquals("maps_p80_ALE-Pong-v5_s3_f10-15_fine", JobSpec.of(mapsSpec(3)).id());
        Map<String, Object> evaluate = mapsSpec(0);
        evaluate.put("type", "evaluate");
        evaluate.remove("frames");
        evaluate.remove("method");
        assertEquals("evaluate_p80_ALE-Pong-v5_s0", JobSpec.of(evaluate).id());
    }

    @Test
    void aValidJobFileReadsBackAsTheSameJob() throws Exception {
        JobSpec job = JobSpec.of(mapsSpec(3));
        JobFile.Loaded l = JobFile.read(write(job, job.id(), job.hash()));
        assertEquals(job.id(), l.job().id());
        assertEquals(job.hash(), l.job().hash());
        assertEquals("x", l.experiment());
    }

    @Test
    @SuppressWarnings("unchecked")
    void editsThatWouldLieAreRefused() throws Exception {
        JobSpec job = JobSpec.of(mapsSpec(3));
        JobSpec other = JobSpec.of(mapsSpec(4));
        String e = assertThrows(ConfigException.class, () -> JobFile.read(write(other, job.id(), other.hash()))).getMessage();
        assertTrue(e.contains("does not follow from its spec, which gives 'maps_p80_ALE-Pong-v5_s4_f10-15_fine'"), e);
        e = assertThrows(ConfigException.class, () -> JobFile.read(write(job, job.id(), "f".repeat(64)))).getMessage();
        assertTrue(e.contains("spec_sha256: does not match the spec"), e);
        Map<String, Object> bad = mapsSpec(3);
        ((Map<String, Object>) bad.get("frames")).put("count", -1);
        e = assertThrows(ConfigException.class, () -> JobFile.read(write(JobSpec.of(bad), "x", "y"))).getMessage();
        assertTrue(e.contains("spec.frames.count: must be an integer in 1..1000000, got -1"), e);
        Map<String, Object> unknown = mapsSpec(3);
        ((Map<String, Object>) unknown.get("settings")).put("framez_npy", true);
        e = assertThrows(ConfigException.class, () -> JobFile.read(write(JobSpec.of(unknown), "x", "y"))).getMessage();
        assertTrue(e.contains("spec.settings.framez_npy: unknown key; did you mean 'frames_npy'?"), e);
        Map<String, Object> missing = mapsSpec(3);
        missing.remove("method");
        e = assertThrows(ConfigException.class, () -> JobFile.read(write(JobSpec.of(missing), "x", "y"))).getMessage();
        assertTrue(e.contains("missing key 'method'"), e);
        for (String m : List.of(e)) {
            assertTrue(m.startsWith("job.json:"), m);
        }
    }
}
