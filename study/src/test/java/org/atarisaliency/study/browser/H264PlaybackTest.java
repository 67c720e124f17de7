package org.atarisaliency.study.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.atarisaliency.video.Mp4Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Smoke test of the browser set-up: Debian's headless Chromium plays an H.264 MP4 written by
 * {@link Mp4Writer} (served with Range support) to its end, and shows the right pixels.
 */
class H264PlaybackTest {
    private static final int W = 160;
    private static final int H = 210;
    private static final int FPS = 30;
    private static final int FRAMES = 60;
    private static final int SQ = 24;
    private static final int BACKGROUND = 0x202020;
    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    /** The page shows the video at twice its size. */
    private static final int SCALE = 2;

    @TempDir
    Path dir;

    @Test
    void chromiumPlaysMp4WriterOutputToTheEnd() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        try (Mp4Writer writer = new Mp4Writer(clip, W, H, FPS, 20)) {
            for (int i = 0; i < FRAMES; i++) {
                writer.write(frame(i));
            }
        }
        String codec = avc1Codec(Files.readAllBytes(clip));
        Files.writeString(dir.resolve("index.html"), PAGE.formatted(W * SCALE, H * SCALE), StandardCharsets.UTF_8);

        ChromeDriver browser = Browsers.headlessChrome();
        try (RangeFileServer server = new RangeFileServer(dir)) {
            browser.get(server.url("index.html"));
            String canPlay = (String) browser.executeScript(
                "return document.createElement('video').canPlayType(arguments[0])", "video/mp4; codecs=\"" + codec + "\"");
            assertEquals("probably", canPlay, "canPlayType for " + codec);
            Object mse = browser.executeScript("return MediaSource.isTypeSupported(arguments[0])", "video/mp4; codecs=\"" + codec + "\"");
            assertEquals(Boolean.TRUE, mse, "MediaSource.isTypeSupported for " + codec);

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
            wait.until(d -> ((Number) browser.executeScript("return document.getElementById('v').readyState")).intValue() >= 2
                || browser.executeScript("return document.getElementById('v').error") != null);
            // play() returns a promise; the async script reports how it settled (autoplay is allowed by the flag, and the video is muted)
            Object played = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "document.getElementById('v').play().then(() => done('ok'), e => done(e.name + ': ' + e.message));");
            assertEquals("ok", played, "video.play()");
            wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return window.probe.ended || window.probe.error !== null")));

            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) browser.executeScript(
                "const v = document.getElementById('v');"
                    + "return {error: v.error && (v.error.code + ': ' + v.error.message), readyState: v.readyState,"
                    + " ended: v.ended, currentTime: v.currentTime, duration: v.duration,"
                    + " videoWidth: v.videoWidth, videoHeight: v.videoHeight,"
                    + " events: window.probe.events, times: window.probe.times,"
                    + " decoded: v.getVideoPlaybackQuality().totalVideoFrames,"
                    + " viewport: window.innerWidth + 'x' + window.innerHeight};");
            Path png = Browsers.screenshot(browser, "h264-playback");
            System.out.println("H264PlaybackTest: codec " + codec + " canPlayType=" + canPlay + " isTypeSupported=" + mse + " state " + state + " screenshot " + png);

            assertNull(state.get("error"), "video.error");
            assertEquals(Boolean.TRUE, state.get("ended"));
            assertTrue(((Number) state.get("readyState")).intValue() >= 2, "readyState " + state.get("readyState"));
            assertEquals(W, ((Number) state.get("videoWidth")).intValue());
            assertEquals(H, ((Number) state.get("videoHeight")).intValue());
            double duration = ((Number) state.get("duration")).doubleValue();
            assertEquals((double) FRAMES / FPS, duration, 0.05, "duration");
            assertEquals(duration, ((Number) state.get("currentTime")).doubleValue(), 0.05, "currentTime at the end");
            List<?> times = (List<?>) state.get("times");
            assertTrue(times.stream().mapToDouble(t -> ((Number) t).doubleValue()).filter(t -> t > 0 && t < duration - 0.05).count() >= 2,
                "currentTime advanced through the clip: " + times);
            assertTrue(((List<?>) state.get("events")).contains("playing"), "events " + state.get("events"));

            // the last frame stays on screen after `ended`: the squares must be where frame FRAMES-1 has them
            WebElement video = browser.findElement(By.id("v"));
            Rectangle at = video.getRect();
            BufferedImage shot = ImageIO.read(png.toFile());
            int last = FRAMES - 1;
            assertColour(shot, at, redX(last) + SQ / 2, RED_Y + SQ / 2, RED, "red square");
            assertColour(shot, at, GREEN_X + SQ / 2, greenY(last) + SQ / 2, GREEN, "green square");
            assertColour(shot, at, 8, H - 8, BACKGROUND, "background");
        } finally {
            browser.quit();
        }
    }

    private static final int RED_Y = 40;
    private static final int GREEN_X = 100;

    private static int redX(int i) {
        return 8 + 2 * i;
    }

    private static int greenY(int i) {
        return 100 + i;
    }

    /** A dark frame with a red square moving right and a green one moving down. */
    private static int[] frame(int i) {
        int[] rgb = new int[W * H];
        java.util.Arrays.fill(rgb, BACKGROUND);
        fill(rgb, redX(i), RED_Y, RED);
        fill(rgb, GREEN_X, greenY(i), GREEN);
        return rgb;
    }

    private static void fill(int[] rgb, int x0, int y0, int colour) {
        for (int y = y0; y < y0 + SQ; y++) {
            for (int x = x0; x < x0 + SQ; x++) {
                rgb[y * W + x] = colour;
            }
        }
    }

    /** Compares the screenshot pixel at video coordinates (x, y), within what YUV 4:2:0 and the codec change. */
    private static void assertColour(BufferedImage shot, Rectangle video, int x, int y, int expected, String what) {
        int px = video.getX() + x * video.getWidth() / W;
        int py = video.getY() + y * video.getHeight() / H;
        int got = shot.getRGB(px, py) & 0xffffff;
        for (int shift = 0; shift <= 16; shift += 8) {
            int d = Math.abs(((got >> shift) & 0xff) - ((expected >> shift) & 0xff));
            assertTrue(d <= 32, String.format("%s at (%d,%d): expected #%06x, got #%06x", what, px, py, expected, got));
        }
    }

    /** The RFC 6381 codec string of the MP4's H.264 track, avc1.PPCCLL, from its avcC box. */
    static String avc1Codec(byte[] mp4) {
        for (int i = 0; i + 8 < mp4.length; i++) {
            if (mp4[i] == 'a' && mp4[i + 1] == 'v' && mp4[i + 2] == 'c' && mp4[i + 3] == 'C' && mp4[i + 4] == 1) {
                return String.format("avc1.%02X%02X%02X", mp4[i + 5] & 0xff, mp4[i + 6] & 0xff, mp4[i + 7] & 0xff);
            }
        }
        throw new AssertionError("no avcC box in the MP4");
    }

    /** The test page: the video (muted, inline, at SCALE x) and a probe that records its events. */
    private static final String PAGE = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>h264</title></head>
        <body style="margin:0;background:#fff">
        <video id="v" src="clip.mp4" muted playsinline preload="auto" width="%d" height="%d" style="display:block"></video>
        <script>
          const v = document.getElementById('v');
          window.probe = {events: [], times: [], ended: false, error: null};
          for (const e of ['loadedmetadata', 'loadeddata', 'canplay', 'playing', 'waiting', 'stalled', 'pause', 'ended'])
            v.addEventListener(e, () => window.probe.events.push(e));
          v.addEventListener('timeupdate', () => window.probe.times.push(v.currentTime));
          v.addEventListener('ended', () => window.probe.ended = true);
          v.addEventListener('error', () => window.probe.error = v.error ? v.error.code + ': ' + v.error.message : 'error');
        </script>
        </body></html>
        """;
}
