package org.atarisaliency.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.atarisaliency.agents.TestAssets;
import org.atarisaliency.env.TestRoms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default {@code record} video shows what its PNG stills show: decoded with ffmpeg, every frame of a
 * short clip is within 39 dB PSNR of its still and the clip within 40 dB on average (RGB, the whole frame,
 * panel included), on Pong, Breakout and SpaceInvaders. The encoder's own rate control left ghost text,
 * block trails and tinted walls at about 32 dB.
 */
class RecordDefaultsTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pong-v4", "Breakout-v4", "SpaceInvaders-v4"})
    void theDefaultVideoMatchesItsStills(String game) throws Exception {
        Path out = tmp.resolve("clip.mp4"), png = tmp.resolve("png");
        List<String> args = new ArrayList<>(List.of("record", "--game", game, "--start", "60", "--frames", "12", "--png", png.toString(),
                "--out", out.toString(), "--quiet"));
        if (!game.equals("Pong-v4")) { // Pong's default is the bundled agent
            args.addAll(List.of("--agent", TestAssets.agent(game.toLowerCase(java.util.Locale.ROOT), 80).toString()));
        }
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        List<Path> stills;
        try (var files = Files.list(png)) {
            stills = files.sorted().toList();
        }
        BufferedImage first = ImageIO.read(stills.get(0).toFile());
        int w = first.getWidth(), h = first.getHeight();
        byte[] decoded = decode(out);
        assertEquals((long) stills.size() * w * h * 3, decoded.length, "one decoded frame per still");
        double sum = 0, worst = Double.POSITIVE_INFINITY;
        for (int i = 0; i < stills.size(); i++) {
            double p = psnr(ImageIO.read(stills.get(i).toFile()), decoded, i * w * h * 3);
            sum += p;
            worst = Math.min(worst, p);
        }
        double mean = sum / stills.size();
        assertTrue(mean >= 40 && worst >= 39, game + ": PSNR against the stills, mean " + mean + " dB, worst frame " + worst + " dB");
    }

    /** RGB PSNR of a still against the decoded frame at {@code offset}. */
    private static double psnr(BufferedImage still, byte[] decoded, int offset) {
        int w = still.getWidth(), h = still.getHeight();
        double se = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = still.getRGB(x, y), o = offset + 3 * (y * w + x);
                for (int c = 0; c < 3; c++) {
                    double d = ((p >> (16 - 8 * c)) & 0xff) - (decoded[o + c] & 0xff);
                    se += d * d;
                }
            }
        }
        return 10 * Math.log10(255.0 * 255.0 / (se / (3.0 * w * h)));
    }

    /** Every frame of the video as rgb24, decoded by ffmpeg. */
    private static byte[] decode(Path video) throws IOException, InterruptedException {
        Path raw = video.resolveSibling("frames.rgb");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", video.toString(), "-f", "rawvideo", "-pix_fmt", "rgb24", raw.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ffmpeg timed out");
        assertEquals(0, p.exitValue(), log);
        return Files.readAllBytes(raw);
    }
}
