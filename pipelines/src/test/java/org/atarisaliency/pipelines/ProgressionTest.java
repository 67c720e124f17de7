package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.Policy;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.video.SideBySideComposer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real checkpoints explain the same replayed frames; the reference's maps equal those of a recording of its own play. */
class ProgressionTest {
    @TempDir
    Path tmp;

    @Test
    void checkpointsSeeTheReferenceFrames() throws Exception {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        Path rom = loc.find(spec.rom());
        try (Policy p40 = Agents.loadPolicy(TestAssets.agent("pong-v4", 40), 6); Policy p80 = Agents.loadPolicy(TestAssets.agent("pong-v4", 80), 6)) {
            Path dir = tmp.resolve("prog");
            Game game = new Game(spec, rom);
            Progression.Result r = Progression.run(List.of(new Progression.Checkpoint("early", p40),
                    new Progression.Checkpoint("late", p80)), 1, new Progression.Settings(game, 3, 20, 8,
                    Progression.DECLARATION.values(Map.of("stride", 8, "scale", 1)), dir), (phase, f) -> { });
            assertEquals(8, r.frames());
            assertEquals(1.0, r.checkpoints().get(1).agreement(), "the greedy reference agrees with itself");
            assertTrue(r.checkpoints().get(0).agreement() >= 0 && r.checkpoints().get(0).agreement() <= 1);
            assertArrayEquals(new int[] {8, 210, 160, 3}, Npy.read(dir.resolve("frames.npy")).shape());
            float[] early = Npy.read(dir.resolve("early.actor.npy")).floats(), late = Npy.read(dir.resolve("late.actor.npy")).floats();
            assertEquals(8 * 80 * 80, early.length);
            assertFalse(java.util.Arrays.equals(early, late), "different checkpoints give different maps");
            List<String> rows = Files.readAllLines(dir.resolve("early.steps.csv"), StandardCharsets.UTF_8);
            assertEquals(9, rows.size());
            assertTrue(rows.get(0).endsWith(",reference_action"), rows.get(0));
            assertEquals(9, Files.readAllLines(dir.resolve("trajectory.csv")).size());

            // the reference's maps are those of a recording of its own play (same seed, greedy): the replay changed nothing
            Path mp4 = tmp.resolve("rec.mp4");
            Record.run(new Record.Settings(TestAssets.agent("pong-v4", 80), game, 3, 20, 8, RecordTest.paperValues(Map.of("stride", 8, "scale", 1)),
                    null, null, mp4), null);
            assertArrayEquals(Npy.read(tmp.resolve("rec.actor.npy")).floats(), late);

            Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                    "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", dir.resolve("progression.mp4").toString())
                    .redirectErrorStream(true).start();
            String probe = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            SideBySideComposer c = new SideBySideComposer(2, 1);
            assertEquals("h264," + c.width() + "," + c.height() + ",8", probe);
            assertEquals(0, c.width() % 2);
            assertEquals(0, c.height() % 2);

            // a clip that starts after the episode ends is refused with a clear message
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Progression.run(
                    List.of(new Progression.Checkpoint("late", p80)), 0, new Progression.Settings(game, 3, 100_000, 8,
                            Progression.DECLARATION.values(Map.of("stride", 8, "scale", 1)), tmp.resolve("never")), (phase, f) -> { }));
            assertTrue(e.getMessage().contains("is after the end of the reference's episode"), e.getMessage());
        }
    }
}
