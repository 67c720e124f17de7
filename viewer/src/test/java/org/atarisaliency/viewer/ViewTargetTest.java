package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code view} recognises a path as, and what each view offers the page. */
class ViewTargetTest {
    @TempDir
    Path tmp;

    private static List<?> list(Map<String, Object> view, String key) {
        return (List<?>) view.get(key);
    }

    private static Map<?, ?> run(Map<String, Object> view, int i) {
        return (Map<?, ?>) list(view, "runs").get(i);
    }

    @Test
    void aRecordingOpensByStemByVideoAndByItsFolder() throws Exception {
        Path stem = Synthetic.recording(tmp.resolve("rec/clip"), 5);
        for (Path p : List.of(stem, Path.of(stem + ".mp4"), stem.getParent())) {
            try (ViewTarget v = ViewTarget.open(List.of(p))) {
                assertEquals("recording", v.root().get("kind"), p.toString());
                assertEquals(5, run(v.root(), 0).get("steps"));
                assertEquals(true, run(v.root(), 0).get("hasFrames"));
                assertEquals(List.of("actor_tv", "actor"), ((List<?>) run(v.root(), 0).get("maps")).stream().map(m -> ((Map<?, ?>) m).get("name")).toList());
            }
        }
    }

    @Test
    void twoRecordingsCompare() throws Exception {
        Path a = Synthetic.recording(tmp.resolve("a/clip"), 4), b = Synthetic.recording(tmp.resolve("b/clip"), 6);
        try (ViewTarget v = ViewTarget.open(List.of(a, b))) {
            assertEquals("compare", v.root().get("kind"));
            assertEquals(List.of(4, 6), list(v.root(), "runs").stream().map(r -> ((Map<?, ?>) r).get("steps")).toList());
        }
    }

    @Test
    void anExperimentRunListsItsFinishedJobsAndOpensOne() throws Exception {
        Path run = tmp.resolve("run");
        Synthetic.recording(run.resolve("video_job/video"), 3);
        Files.createDirectories(run.resolve("maps_job"));
        Files.writeString(run.resolve("manifest.json"), "{\"experiment\": \"quick\", \"jobs\": ["
                + "{\"id\": \"video_job\", \"type\": \"video\", \"status\": \"done\", \"dir\": \"video_job\"},"
                + "{\"id\": \"pending_job\", \"type\": \"maps\", \"status\": \"pending\", \"dir\": \"pending_job\"}]}");
        try (ViewTarget v = ViewTarget.open(List.of(run))) {
            assertEquals("list", v.root().get("kind"));
            assertEquals(1, list(v.root(), "items").size(), "only the finished job");
            Map<String, Object> job = v.item(0);
            assertEquals("recording", job.get("kind"));
            assertEquals(3, run(job, 0).get("steps"));
        }
    }

    @Test
    void aStudyListsItsClips() throws Exception {
        Path study = tmp.resolve("study");
        Synthetic.recording(study.resolve("videos/a.saliency"), 2);
        Synthetic.recording(study.resolve("videos/b.saliency"), 2);
        Files.writeString(study.resolve("study.json"), "{}");
        try (ViewTarget v = ViewTarget.open(List.of(study))) {
            assertEquals("list", v.root().get("kind"));
            assertEquals(List.of("videos/a.saliency", "videos/b.saliency"), list(v.root(), "items").stream().map(i -> ((Map<?, ?>) i).get("label")).toList());
            assertEquals("recording", v.item(1).get("kind"));
        }
    }

    @Test
    void anAnalysisFolderShowsItsCsvColumnsAndCharts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mem"));
        Files.writeString(dir.resolve("summary.json"), "{\"command\": \"memory\"}");
        Files.writeString(dir.resolve("memory.csv"), "step,part,scale_actor,label\n0,h,0.5,a\n1,h,0.25,b\n");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", dir.resolve("memory.png").toFile());
        try (ViewTarget v = ViewTarget.open(List.of(dir))) {
            assertEquals("analysis", v.root().get("kind"));
            Map<?, ?> table = (Map<?, ?>) list(v.root(), "tables").get(0);
            assertEquals(List.of("step", "scale_actor"), table.get("columns"), "numeric columns only");
            assertEquals("memory.png", ((Map<?, ?>) list(v.root(), "images").get(0)).get("name"));
        }
    }

    @Test
    void aSaliencyFolderIsOneFrameOverTheFrameItWasGiven() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sal"));
        Npy.writeUint8(dir.resolve("frame.npy"), new byte[210 * 160 * 3], 210, 160, 3);
        Files.writeString(dir.resolve("run.json"), "{\"command\": \"saliency\", \"frame\": \"" + dir.resolve("frame.npy") + "\"}");
        Npy.writeFloat32(dir.resolve("actor_80.npy"), new float[6400], 80, 80);
        Npy.writeFloat32(dir.resolve("actor.npy"), new float[256], 16, 16);
        try (ViewTarget v = ViewTarget.open(List.of(dir))) {
            assertEquals("saliency", v.root().get("kind"));
            assertEquals(1, run(v.root(), 0).get("steps"));
            assertEquals(80, run(v.root(), 0).get("mapSize"));
            assertEquals(true, run(v.root(), 0).get("hasFrames"));
        }
    }

    @Test
    void aProgressionJobComparesItsCheckpoints() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("prog"));
        Npy.writeUint8(dir.resolve("frames.npy"), new byte[2 * 210 * 160 * 3], 2, 210, 160, 3);
        for (String c : List.of("1M", "2M")) {
            Npy.writeFloat32(dir.resolve(c + ".actor.npy"), new float[2 * 6400], 2, 80, 80);
            Files.writeString(dir.resolve(c + ".steps.csv"), SyntheticRecording.stepsCsv(2));
        }
        try (ViewTarget v = ViewTarget.open(List.of(dir))) {
            assertEquals("progression", v.root().get("kind"));
            assertEquals(List.of("1M", "2M"), list(v.root(), "runs").stream().map(r -> ((Map<?, ?>) r).get("label")).toList());
            assertEquals(true, run(v.root(), 1).get("hasFrames"), "the shared frames.npy");
        }
    }

    @Test
    void anythingElseIsRefusedInOneLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(dir.resolve("notes.txt"), "x");
        NotViewableException e = assertThrows(NotViewableException.class, () -> ViewTarget.open(List.of(dir)));
        assertTrue(e.getMessage().startsWith("not a recording, run, study or analysis folder: " + dir + "; give "), e.getMessage());
    }
}
