package org.atarisaliency.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.atarisaliency.experiment.ConfigException;
import org.atarisaliency.pipelines.Checksums;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real, small study build: two bundled agents, a few frames each, two conditions (one with highlights clips). */
class StudyBuildTest {
    @TempDir
    Path dir;

    @Test
    void buildsASelfContainedFolderWithTheSamePlayWithAndWithoutSaliency() throws Exception {
        String yaml = Files.readString(StudyConfigTest.EXAMPLE)
                .replace("../models/", StudyConfigTest.ROOT.resolve("models") + "/")
                .replace("frames: 300, start: 60, fps: 20, scale: 3", "frames: 6, start: 20, fps: 20, scale: 1")
                .replace("conditions: {paper: }", "conditions: {paper: {}, highlights: {video: {start: highlights, scan: 40}}}");
        Path f = dir.resolve("tiny.yaml");
        Files.writeString(f, yaml);
        StudyConfig c = StudyConfig.load(f);
        Path out = dir.resolve("built");
        StudyBuild.Result r = StudyBuild.build(c, out, false, (i, n, name, frame, frames) -> { });
        assertEquals(8, r.videos().size(), "2 agents x with/without saliency x 2 clip settings");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("built", "tiny.yaml"), s.map(p -> p.getFileName().toString()).sorted().toList(), "no partial folder left behind");
        }
        StudyDefinition d = StudyDefinition.read(out.resolve("study.json"));
        assertEquals(4, d.arms().size());
        assertEquals(List.of("paper", "highlights"), d.conditions());
        for (StudyDefinition.Arm a : d.arms()) {
            for (StudyDefinition.Page p : a.pages()) {
                for (StudyDefinition.Video v : p.videos()) {
                    Path mp4 = out.resolve(v.file());
                    assertTrue(Files.isRegularFile(mp4), v.file());
                    assertEquals(Checksums.sha256(mp4), v.sha256());
                    assertEquals(a.condition().equals("highlights"), v.file().endsWith(".highlights.mp4"), v.file());
                }
            }
        }
        // every file is in checksums.sha256 with its digest
        List<String> lines = Files.readAllLines(out.resolve("checksums.sha256"), StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("  study.json")));
        for (String l : lines) {
            String[] p = l.split("  ", 2);
            assertEquals(p[0], Checksums.sha256(out.resolve(p[1])), p[1]);
        }
        // the plain and the saliency clip show the same steps, but not the same pixels
        assertEquals(actions(out.resolve("videos/overfit.plain.steps.csv")), actions(out.resolve("videos/overfit.saliency.steps.csv")));
        assertNotEquals(Checksums.sha256(out.resolve("videos/overfit.plain.mp4")), Checksums.sha256(out.resolve("videos/overfit.saliency.mp4")));
        String run = Files.readString(out.resolve("videos/overfit.saliency.run.json"));
        assertTrue(run.contains("\"overlay\": \"actor\"") && run.contains("\"quality\": \"10\""), run);
        assertTrue(Files.readString(out.resolve("videos/overfit.plain.run.json")).contains("\"overlay\": \"none\""));
        // provenance: source checksum and the highlights starts
        String json = Files.readString(out.resolve("study.json"));
        assertTrue(json.contains("\"source_sha256\" : \"" + Checksums.sha256(f) + "\""), "provenance names the YAML's checksum");
        assertTrue(json.contains("\"overfit.plain.mp4\" : 20"), json);
        // every clip on one scale, the absolute one, recorded in study.json and in the run.json of each clip that draws a map
        // (a plain clip draws none, so it records no scale: nothing unapplied is recorded)
        assertTrue(json.replaceAll("\\s+", "").contains("\"overlay_scale\":{\"mode\":\"absolute\""), json);
        assertTrue(Files.readString(out.resolve("videos/overfit.saliency.run.json")).replaceAll("\\s+", "")
                .contains("\"overlay_scale\":{\"mode\":\"absolute\""), "overfit.saliency");
        assertFalse(Files.readString(out.resolve("videos/overfit.plain.run.json")).contains("overlay_scale"), "overfit.plain");
        // an existing folder is kept unless --force
        ConfigException e = assertThrows(ConfigException.class, () -> StudyBuild.build(c, out, false, (i, n, name, frame, frames) -> { }));
        // the library names the setting; the command line spells it as its flag (cli's StudyCommandTest checks "--force")
        assertTrue(e.message(k -> "--" + k).contains("add --force to replace it"), e.message(k -> "--" + k));
        assertFalse(Files.exists(dir.resolve("built.partial-" + ProcessHandle.current().pid())));
    }

    private static List<String> actions(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.split(",")[1]).toList();
    }
}
