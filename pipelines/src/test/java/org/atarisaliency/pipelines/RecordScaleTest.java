package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.atarisaliency.agents.checkpoint.TensorData;
import org.atarisaliency.agents.checkpoint.TorchCheckpointWriter;
import org.atarisaliency.agents.nets.ActorCriticWeights;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.video.OverlayScale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlay brightness on the default absolute scale means the same for every agent: a copy of the bundled {@code pong}
 * whose actor and critic heads are multiplied by a small factor plays the same greedy game, and its video looks dark;
 * on the per-clip scale (the old default) it looks as bright as the real agent. Every frame carries a colour bar.
 */
class RecordScaleTest {
    private static final int SCALE = 2, START = 60, FRAMES = 6;
    private static final double[] FLAT = {1e-2, 1e-3};

    @TempDir
    static Path tmp;

    private static Path pong;

    @BeforeAll
    static void agent() {
        pong = TestRoms.projectRoot().resolve("models/pong.pt");
    }

    /** {@code pong} with its actor and critic heads (weights and biases) multiplied by {@code k}, written by the project's checkpoint writer. */
    static Path flatCopy(Path dir, double k) throws Exception {
        LinkedHashMap<String, TensorData> t = ActorCriticWeights.read(pong).toStateDict();
        for (String head : List.of("actor_linear.weight", "actor_linear.bias", "critic_linear.weight", "critic_linear.bias")) {
            float[] v = t.get(head).values();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * k);
            }
        }
        Path file = dir.resolve("pong-flat-" + k + ".pt");
        TorchCheckpointWriter.write(file, t);
        return file;
    }

    private static Record.Settings settings(Path agent, String overlay, OverlayScale.Mode mode, boolean panel, Path out) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        return new Record.Settings(agent, new Game(spec, loc.find(spec.rom())), 0, START, FRAMES, Record.DECLARATION.values(Map.of("scale", SCALE,
                "overlay", overlay, "overlay_colors", "paper", "quality", "auto", "panel", panel, "scale_mode", mode.text())),
                null, out.resolveSibling(out.getFileName() + ".png"), out);
    }

    /** Records a clip and returns its PNG stills. */
    private static List<BufferedImage> stills(Record.Settings s) throws Exception {
        Record.run(s, null);
        try (var files = Files.list(s.png())) {
            List<Path> sorted = files.sorted().toList();
            List<BufferedImage> out = new java.util.ArrayList<>();
            for (Path p : sorted) {
                out.add(ImageIO.read(p.toFile()));
            }
            return out;
        }
    }

    /** Mean |overlay - plain| over the game screen's pixels and channels, over all frames. */
    private static double overlayStrength(List<BufferedImage> shown, List<BufferedImage> plain) {
        assertEquals(plain.size(), shown.size());
        double sum = 0;
        long n = 0;
        for (int k = 0; k < shown.size(); k++) {
            for (int y = 0; y < 210 * SCALE; y++) {
                for (int x = 0; x < 160 * SCALE; x++) {
                    int a = shown.get(k).getRGB(x, y), b = plain.get(k).getRGB(x, y);
                    for (int c = 0; c < 24; c += 8) {
                        sum += Math.abs(((a >> c) & 0xff) - ((b >> c) & 0xff));
                        n++;
                    }
                }
            }
        }
        return sum / n;
    }

    /** The actions column of a clip's steps.csv. */
    private static List<String> actions(Path out) throws Exception {
        Path csv = out.resolveSibling(out.getFileName().toString().replace(".mp4", ".steps.csv"));
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[1]).toList();
    }

    /**
     * The mean overlay strength of {@code agent} in {@code mode}, against {@code pong}'s plain clip: every agent here plays
     * pong's greedy game (heads scaled by k > 0 keep the greedy action), checked on the actions.
     */
    private static double strength(Path agent, OverlayScale.Mode mode, String name) throws Exception {
        Path plainOut = tmp.resolve("plain.mp4"), out = tmp.resolve(name + ".mp4");
        if (plain == null) {
            plain = stills(settings(pong, "none", OverlayScale.Mode.ABSOLUTE, true, plainOut));
        }
        List<BufferedImage> shown = stills(settings(agent, "actor,critic", mode, true, out));
        assertEquals(actions(plainOut), actions(out), name + " plays pong's game");
        return overlayStrength(shown, plain);
    }

    private static List<BufferedImage> plain;

    @Test
    void aFlatPolicyLooksDarkOnTheAbsoluteScaleAndAsBrightOnThePerClipScale() throws Exception {
        Map<String, Double> measured = new LinkedHashMap<>();
        double real = strength(pong, OverlayScale.Mode.ABSOLUTE, "pong");
        double realPerClip = strength(pong, OverlayScale.Mode.PER_CLIP, "pong-per-clip");
        measured.put("pong absolute", real);
        measured.put("pong per-clip", realPerClip);
        for (double k : FLAT) {
            Path flat = flatCopy(tmp, k);
            double dark = strength(flat, OverlayScale.Mode.ABSOLUTE, "flat" + k);
            double perClip = strength(flat, OverlayScale.Mode.PER_CLIP, "flat-per-clip" + k);
            measured.put("flat " + k + " absolute", dark);
            measured.put("flat " + k + " per-clip", perClip);
            assertTrue(real > 1, "the real agent's overlay is visible: " + measured);
            assertTrue(real >= 10 * dark, "heads x" + k + ": the flat copy must show at least 10x less overlay: " + measured);
            // the old behaviour, on request: every clip normalised to itself
            assertTrue(perClip > 0.8 * realPerClip && perClip < 1.25 * realPerClip, "per-clip scale: " + measured);
        }
        System.out.println("mean |overlay - plain| over the game area: " + measured);
    }

    @Test
    void runJsonRecordsTheScaleAndTheAbsoluteMapsAreWritten() throws Exception {
        Path out = tmp.resolve("json.mp4");
        Record.run(settings(pong, "actor,critic", OverlayScale.Mode.ABSOLUTE, true, out), null);
        String run = Files.readString(tmp.resolve("json.run.json"));
        String compact = run.replaceAll("\\s+", "");
        assertTrue(compact.contains("\"overlay_scale\":{\"mode\":\"absolute\",\"actor\":{\"basis\":\"absolute\""), run);
        assertTrue(compact.contains("\"full_intensity_at\":0.25"), run);
        assertTrue(run.contains("policy change (TV)") && run.contains("\"unit\": \"return\""), run);
        float[] tv = Npy.read(tmp.resolve("json.actor_tv.npy")).floats();
        float[] dv = Npy.read(tmp.resolve("json.critic_dv.npy")).floats();
        assertEquals(FRAMES * 80 * 80, tv.length);
        assertEquals(FRAMES * 80 * 80, dv.length);
        double max = 0;
        for (float v : tv) {
            assertTrue(v >= 0 && v <= 1, "a TV distance lies in [0, 1]: " + v);
            max = Math.max(max, v);
        }
        assertTrue(max > 0.01, "pong responds to the frame: max TV " + max);

        Path perClip = tmp.resolve("json-per-clip.mp4");
        Record.run(settings(pong, "actor,critic", OverlayScale.Mode.PER_CLIP, true, perClip), null);
        String per = Files.readString(tmp.resolve("json-per-clip.run.json")).replaceAll("\\s+", "");
        assertTrue(per.contains("\"overlay_scale\":{\"mode\":\"per-clip\""), per);
    }

    /** A colour bar per overlay: on the panel, and in a strip under the game on a clip without a panel (the study's clips). */
    @Test
    void everyFrameShowsAColourBarPerOverlay() throws Exception {
        for (boolean panel : new boolean[] {true, false}) {
            Record.Settings s = settings(pong, "actor,critic", OverlayScale.Mode.ABSOLUTE, panel, tmp.resolve("bars-" + panel + ".mp4"));
            BufferedImage f = stills(s).get(0);
            int x0 = panel ? 160 * SCALE : 0, y0 = panel ? 0 : 210 * SCALE;
            assertEquals(panel ? 210 * SCALE : (210 + 16) * SCALE, f.getHeight());
            int blue = 0, red = 0;
            for (int y = y0; y < f.getHeight(); y++) {
                for (int x = x0; x < f.getWidth(); x++) {
                    int p = f.getRGB(x, y), r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                    blue += b > 200 && r < 40 && g < 40 ? 1 : 0;
                    red += r > 200 && g < 40 && b < 40 ? 1 : 0;
                }
            }
            // the bars' saturated ends, pure blue (actor) and pure red (critic)
            assertTrue(blue > 20 && red > 20, "panel " + panel + ": blue " + blue + ", red " + red + " bar pixels");
        }
    }
}
