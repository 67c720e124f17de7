package org.atarisaliency.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.agents.nets.ActorCriticPolicy;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records real clips and checks them with ffprobe/ffmpeg (installed by the test set-up). */
class RecordTest {
    private static final int SCALE = 2;

    @TempDir
    Path tmp;

    private static Record.Settings settings(Path out, boolean actor, int start, int frames) {
        return settings(out, actor, start, frames, Double.NaN);
    }

    private static Record.Settings settings(Path out, boolean actor, int start, int frames, double actorScale) {
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        return new Record.Settings(TestAssets.agent("pong-v4", 80), new Game(spec, loc.find(spec.rom())), 0, start, frames,
                paperValues(Map.of("scale", SCALE, "overlay", actor ? "actor" : "none", "scale_mode", Double.isNaN(actorScale) ? "absolute" : "fixed")),
                Double.isNaN(actorScale) ? null : List.of(actorScale, actorScale), null, out);
    }

    /** What Record.Settings' former short constructor gave besides {@code given}: the paper's overlay colours and the encoder's own rate control. */
    static org.atarisaliency.pipelines.settings.SettingValues paperValues(Map<String, Object> given) {
        Map<String, Object> m = new java.util.HashMap<>(Map.of("overlay_colors", "paper", "quality", "auto"));
        m.putAll(given);
        return Record.DECLARATION.values(m);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private static byte[] decodeFrame(Path video, int index, int w, int h) throws IOException, InterruptedException {
        Path raw = video.resolveSibling(video.getFileName() + "." + index + ".rgb");
        run("ffmpeg", "-v", "error", "-y", "-i", video.toString(), "-vf", "select=eq(n\\," + index + ")", "-vframes", "1",
                "-f", "rawvideo", "-pix_fmt", "rgb24", raw.toString());
        byte[] b = Files.readAllBytes(raw);
        assertEquals(w * h * 3, b.length);
        return b;
    }

    @Test
    void videoDecodesCleanlyAndBlueMarksTheActorMap() throws Exception {
        Path withActor = tmp.resolve("actor.mp4"), plain = tmp.resolve("plain.mp4");
        int frames = 24, start = 60;
        {
            Record.run(settings(plain, false, start, frames), null);
            // a fixed scale just above frame 20's largest value: that frame's overlay is then strong and
            // proportional to its map (no clipping)
            float max = 0;
            float[] all = Npy.read(tmp.resolve("plain.actor.npy")).floats();
            for (int i = 20 * 6400; i < 21 * 6400; i++) {
                max = Math.max(max, all[i]);
            }
            Record.Result r = Record.run(settings(withActor, true, start, frames, 1.2 * max), null);
            assertEquals(frames, r.frames());
            assertEquals((160 + 110) * SCALE, r.width());
            assertEquals(210 * SCALE, r.height());
        }
        String probe = run("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,pix_fmt,width,height,nb_read_frames", "-of", "default=nw=1", withActor.toString());
        assertTrue(probe.contains("codec_name=h264"), probe);
        assertTrue(probe.contains("pix_fmt=yuv420p"), probe);
        assertTrue(probe.contains("width=" + 270 * SCALE) && probe.contains("height=" + 210 * SCALE), probe);
        assertTrue(probe.contains("nb_read_frames=" + frames), probe);
        String warnings = run("ffmpeg", "-v", "warning", "-i", withActor.toString(), "-f", "null", "-");
        assertEquals("", warnings.strip(), "ffmpeg printed warnings while decoding");

        // per-frame data beside the video
        Path stem = tmp.resolve("actor");
        Npy.Array maps = Npy.read(Path.of(stem + ".actor.npy"));
        assertEquals(List.of(frames, 80, 80), List.of(maps.shape()[0], maps.shape()[1], maps.shape()[2]));
        List<String> csv = Files.readAllLines(Path.of(stem + ".steps.csv"));
        assertEquals(frames + 1, csv.size());
        assertTrue(csv.get(0).startsWith("step,action,action_name,p_NOOP"), csv.get(0));
        assertEquals(List.of(frames, 1, 6), List.of(Npy.read(Path.of(stem + ".memory.npy")).shape()[0], 1, 6));

        // the blue excess of the overlay peaks where the actor map peaks (frame 20 of the clip)
        int k = 20, w = 270 * SCALE, h = 210 * SCALE;
        byte[] a = decodeFrame(withActor, k, w, h), b = decodeFrame(plain, k, w, h);
        double[] excess = new double[80 * 80];
        for (int y = 35 * SCALE; y < 195 * SCALE; y++) {
            for (int x = 0; x < 160 * SCALE; x++) {
                int i = (y * w + x) * 3;
                double d = (a[i + 2] & 0xff) - (b[i + 2] & 0xff);
                excess[((y / SCALE - 35) / 2) * 80 + (x / SCALE) / 2] += d;
            }
        }
        float[] map = new float[6400];
        System.arraycopy(maps.floats(), k * 6400, map, 0, 6400);
        // compare regions (5x5 blocks of the 80x80 map): compression artefacts at sharp edges differ
        // between the two encodes, the overlay is smooth
        double[] mapBlocks = blocks(map), blueBlocks = blocks(excess);
        int mapMax = argmax(mapBlocks), blueMax = argmax(blueBlocks);
        int dy = Math.abs(mapMax / 16 - blueMax / 16), dx = Math.abs(mapMax % 16 - blueMax % 16);
        assertTrue(dy <= 1 && dx <= 1, "actor map peaks in block " + (mapMax / 16) + "," + (mapMax % 16) + " but the blue overlay in "
                + (blueMax / 16) + "," + (blueMax % 16));
        double r = pearson(mapBlocks, blueBlocks);
        assertTrue(r > 0.8, "blue overlay and actor map correlate only " + r);
    }

    private static double[] blocks(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return blocks(d);
    }

    private static double[] blocks(double[] v) {
        double[] b = new double[256];
        for (int i = 0; i < 6400; i++) {
            b[(i / 80 / 5) * 16 + (i % 80) / 5] += v[i];
        }
        return b;
    }

    private static double pearson(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The running overlay scale must not depend on how far the encoder thread lags: the same clip gives the same frames. */
    @Test
    void theSameClipDecodesToTheSameFrames() throws Exception {
        String[] md5 = new String[2];
        for (int i = 0; i < 2; i++) {
            Path out = tmp.resolve("again" + i + ".mp4");
            RomLocator loc = TestRoms.locator();
            GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
            Record.run(new Record.Settings(TestAssets.agent("pong-v4", 80), new Game(spec, loc.find(spec.rom())), 0, 0, 45,
                    paperValues(Map.of("stride", 10, "scale", 1)), null, null, out), null);
            md5[i] = run("ffmpeg", "-v", "error", "-i", out.toString(), "-f", "framemd5", "-");
        }
        assertEquals(md5[0], md5[1]);
    }

    @Test
    void anInterruptedRecordingLeavesNoFileThatLooksComplete() throws Exception {
        Path out = tmp.resolve("cut.mp4");
        assertThrows(IllegalStateException.class, () -> Record.run(settings(out, true, 0, 10), (done, total, t) -> {
            if (done == 5) {
                throw new IllegalStateException("stop");
            }
        }));
        try (Stream<Path> files = Files.list(tmp)) {
            List<Path> left = files.toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
        assertFalse(Files.exists(out));
    }

    /** PNG stills are renamed into DIR only when the clip is complete: an interrupted run leaves none. */
    @Test
    void anInterruptedRecordingLeavesNoStills() throws Exception {
        Path out = tmp.resolve("cut.mp4"), png = tmp.resolve("png");
        // frames are drawn LOOKAHEAD (30) steps late through a queue of 8: once step 40 is recorded, the encoder has taken
        // its second frame, so the first still is written
        int stop = Record.LOOKAHEAD + 8 + 2;
        Record.Settings s = settings(out, true, 0, stop);
        Record.Settings withStills = new Record.Settings(s.agent(), s.game(), s.seed(), s.start(), s.frames(), s.values(), s.saliencyScale(), png, out);
        assertThrows(IllegalStateException.class, () -> Record.run(withStills, (done, total, t) -> {
            if (done == stop) {
                throw new IllegalStateException("stop");
            }
        }));
        try (Stream<Path> files = Files.walk(tmp)) {
            List<Path> left = files.filter(Files::isRegularFile).toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
        Record.Result r = Record.run(withStills, (done, total, t) -> { });
        try (Stream<Path> files = Files.list(png)) {
            assertEquals(r.frames(), files.filter(f -> f.getFileName().toString().matches("frame_\\d{6}\\.png")).count());
        }
        try (Stream<Path> files = Files.list(png)) {
            assertEquals(r.frames(), files.count(), "nothing but the stills");
        }
    }

    /** A second record to the same output is refused at once while the first writes; the first finishes unharmed. */
    @Test
    void aSecondRecordToTheSameOutputIsBusy() throws Exception {
        Path out = tmp.resolve("clip.mp4");
        java.util.concurrent.CountDownLatch recording = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Record.Result> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Record.run(settings(out, false, 0, 4), (done, total, t) -> {
                    recording.countDown();
                    try {
                        checked.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            assertTrue(recording.await(60, TimeUnit.SECONDS));
            IOException busy = assertThrows(IOException.class, () -> Record.run(settings(out, false, 0, 4), (done, total, t) -> { }));
            assertEquals("another run is writing " + out.toAbsolutePath() + " (PID " + ProcessHandle.current().pid()
                    + "); wait for it to finish, or write elsewhere", busy.getMessage());
        } finally {
            checked.countDown();
        }
        assertEquals(4, first.get(60, TimeUnit.SECONDS).frames());
        assertEquals(5, Files.readAllLines(tmp.resolve("clip.steps.csv")).size());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("clip.actor.npy", "clip.actor_tv.npy", "clip.critic.npy", "clip.critic_dv.npy", "clip.frames.npy", "clip.memory.npy", "clip.mp4",
                    "clip.run.json", "clip.steps.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no lock file left beside the outputs");
        }
    }

    @Test
    void aConstantQuantiserGivesStillsFidelity() throws Exception {
        // the study build's setting: scale 4 (each game pixel covers whole 2x2 chroma blocks) at quantiser 10
        RomLocator loc = TestRoms.locator();
        GameSpec spec = GameIds.resolve("Pong-v4", loc.availableRoms());
        double[] psnr = new double[2];
        int[] qps = {org.atarisaliency.video.Mp4Writer.ADAPTIVE, 10};
        for (int k = 0; k < 2; k++) {
            Path out = tmp.resolve("q" + k + ".mp4"), png = tmp.resolve("png" + k);
            Record.Result r = Record.run(new Record.Settings(TestAssets.agent("pong-v4", 80), new Game(spec, loc.find(spec.rom())), 0, 30, 12,
                    paperValues(Map.of("scale", 4, "quality", qps[k] == org.atarisaliency.video.Mp4Writer.ADAPTIVE ? "auto" : String.valueOf(qps[k]))),
                    null, png, out), (d, t, e) -> { });
            double sum = 0;
            List<Path> stills;
            try (var files = Files.list(png)) {
                stills = files.sorted().toList();
            }
            assertEquals(r.frames(), stills.size());
            for (int i = 0; i < r.frames(); i += 3) {
                java.awt.image.BufferedImage still = javax.imageio.ImageIO.read(stills.get(i).toFile());
                int w = still.getWidth(), h = still.getHeight();
                byte[] dec = decodeFrame(out, i, w, h);
                double se = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = still.getRGB(x, y), o = 3 * (y * w + x);
                        for (int c = 0; c < 3; c++) {
                            double d = ((p >> (16 - 8 * c)) & 0xff) - (dec[o + c] & 0xff);
                            se += d * d;
                        }
                    }
                }
                sum += 10 * Math.log10(255.0 * 255.0 / (se / (3.0 * w * h)));
            }
            psnr[k] = sum / ((r.frames() + 2) / 3);
        }
        assertTrue(psnr[1] >= 40 && psnr[1] > psnr[0] + 3, "PSNR against the stills: auto " + psnr[0] + " dB, qp 10 " + psnr[1] + " dB");
    }
}
