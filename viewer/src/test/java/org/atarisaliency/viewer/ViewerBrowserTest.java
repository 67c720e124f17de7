package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.Resize;
import org.atarisaliency.env.ScreenRegion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/** A real short Pong recording opened in real Chromium: scrub, toggle, hover, plots, no errors; screenshots in target/view-shots. */
class ViewerBrowserTest {
    private static final int FRAMES = 12;
    @TempDir
    static Path tmp;
    private static ViewerServer server;
    private static Path mp4;

    @BeforeAll
    static void recordAndServe() throws Exception {
        mp4 = Recordings.record(tmp.resolve("pong.mp4"), 0, 40, FRAMES);
        server = ViewerServer.start(ViewTarget.open(List.of(mp4)), 0, tmp.resolve("exports"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scrubToggleHoverOnARealRecording() throws Exception {
        ChromeDriver d = ViewerBrowser.start();
        try {
            d.get(server.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            WebElement canvas = d.findElement(By.cssSelector("canvas.screen"));
            assertEquals(List.of(480L, 630L), List.of(attr(canvas, "width"), attr(canvas, "height")), "160x210 at the default zoom x3");
            assertTrue(d.findElements(By.cssSelector("svg[data-plot]")).size() >= 4, "action probabilities, value, rewards, memory, totals");
            ViewerBrowser.screenshot(d, "record-step0");
            assertEquals(1, d.findElements(By.cssSelector(
                    "svg[data-plot='memory reliance: actor change (½ Σ Δlogit²) when the memory h is scaled by 0.99']")).size(),
                    "the memory plot says in words what it shows, with run.json's memory_scale and memory_parts");

            // scrub with the arrow keys and the timeline
            d.findElement(By.tagName("body")).sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            ViewerBrowser.awaitStep(d, 3);
            d.executeScript("window.viewer.seek(7);");
            ViewerBrowser.awaitStep(d, 7);
            assertEquals("7", d.findElement(By.id("timeline")).getAttribute("value"));

            // only actor_tv shown: the canvas is the raw frame blended towards the actor colour by 0.75 * min(1, TV / 0.25)
            d.findElement(By.cssSelector("input[data-map=critic_dv]")).click();
            ViewerBrowser.awaitStep(d, 7);
            int[] peak = peak(7);
            long shown = pixel(d, peak[0], peak[1]);
            assertRgbClose(expected(7, peak[0], peak[1]), shown, "canvas pixel at the actor map's peak");
            d.findElement(By.cssSelector("input[data-map=actor_tv]")).click();
            ViewerBrowser.awaitStep(d, 7);
            long plain = pixel(d, peak[0], peak[1]);
            assertNotEquals(shown, plain, "toggling the overlay off changes the pixel");
            assertEquals(rawPixel(7, peak[0], peak[1]), plain, "without overlays the canvas is the raw frame");
            d.findElement(By.cssSelector("input[data-map=actor_tv]")).click();
            d.findElement(By.cssSelector("input[data-map=critic_dv]")).click();
            ViewerBrowser.awaitStep(d, 7);

            // hover over the agent's paddle region and the peak: values and the object under the cursor
            new Actions(d).moveToElement(canvas, -240 + peak[0] * 3 + 1, -315 + peak[1] * 3 + 1).perform();
            String hover = waitForText(d, "actor_tv");
            assertTrue(hover.contains("critic_dv") && hover.contains("object:"), hover);
            ViewerBrowser.screenshot(d, "record-hover");

            // the object under the cursor, from objects.csv: the centre of the first box of step 7
            String[] box = java.nio.file.Files.readAllLines(Path.of(mp4.toString().replace(".mp4", ".objects.csv"))).stream()
                    .map(l -> l.split(",", -1)).filter(c -> c[0].equals("47") && !c[2].isEmpty()).findFirst().orElseThrow();
            int bx = Integer.parseInt(box[3]) + Integer.parseInt(box[5]) / 2, by = Integer.parseInt(box[2]) + Integer.parseInt(box[4]) / 2;
            new Actions(d).moveToElement(canvas, -240 + bx * 3 + 1, -315 + by * 3 + 1).perform();
            assertTrue(waitForText(d, "object: " + box[1]).contains("object: " + box[1]), "hovering " + box[1]);

            // a click on a plot jumps there: the value plot's point of step 5
            d.executeScript("const svg = document.querySelector(\"svg[data-plot^='value']\"); const r = svg.getBoundingClientRect();"
                    + "const w = svg.viewBox.baseVal.width; const x = 48 + (w - 52) * 5.5 / arguments[0];"
                    + "svg.dispatchEvent(new MouseEvent('click', {clientX: r.left + x * r.width / w, clientY: r.top + 10, bubbles: true}));", FRAMES);
            ViewerBrowser.awaitStep(d, 5);
            assertEquals(List.of(), ViewerBrowser.errors(d), "no errors on the page");
        } finally {
            d.quit();
        }
    }

    @Test
    void aRunListsItsJobsAndAnAnalysisFolderPlotsItsColumns() throws Exception {
        Path run = tmp.resolve("run");
        java.nio.file.Files.createDirectories(run.resolve("video_job"));
        for (String suffix : List.of("mp4", "actor.npy", "critic.npy", "actor_tv.npy", "critic_dv.npy", "memory.npy", "frames.npy", "steps.csv",
                "objects.csv", "run.json")) {
            java.nio.file.Files.copy(Path.of(mp4.toString().replace(".mp4", "." + suffix)), run.resolve("video_job/video." + suffix));
        }
        java.nio.file.Files.writeString(run.resolve("manifest.json"), "{\"experiment\": \"quick\", \"jobs\": [{\"id\": \"video_job\", "
                + "\"type\": \"video\", \"status\": \"done\", \"dir\": \"video_job\"}]}");
        Path mem = java.nio.file.Files.createDirectories(tmp.resolve("mem"));
        java.nio.file.Files.writeString(mem.resolve("summary.json"), "{\"command\": \"memory\"}");
        java.nio.file.Files.writeString(mem.resolve("memory.csv"), SyntheticRecording.stepsCsv(200));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(64, 32, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                mem.resolve("memory.png").toFile());
        ChromeDriver d = ViewerBrowser.start();
        try (ViewerServer runServer = ViewerServer.start(ViewTarget.open(List.of(run)), 0, tmp.resolve("exports-run"));
             ViewerServer memServer = ViewerServer.start(ViewTarget.open(List.of(mem)), 0, tmp.resolve("exports-mem"))) {
            d.get(runServer.url().toString());
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(10))
                    .until(x -> !d.findElements(By.cssSelector("button[data-item]")).isEmpty());
            ViewerBrowser.screenshot(d, "run-jobs");
            d.findElement(By.cssSelector("button[data-item='0']")).click();
            ViewerBrowser.awaitStep(d, 0);
            assertEquals(1, d.findElements(By.cssSelector("canvas.screen")).size());
            assertEquals(List.of(), ViewerBrowser.errors(d));

            d.get(memServer.url().toString());
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(10)).until(x -> (Boolean) d.executeScript(
                    "const i = document.querySelector('img.chart'); return !!i && i.complete && i.naturalWidth === 64"
                            + " && document.querySelectorAll('svg[data-plot] path').length > 0;"));
            assertEquals(List.of("step", "action", "p_NOOP", "p_FIRE", "value", "reward", "score", "lives"),
                    d.findElements(By.cssSelector("svg[data-plot]")).stream().map(e -> e.getAttribute("data-plot")).toList());
            d.executeScript("const svg = document.querySelector(\"svg[data-plot='value']\"); const r = svg.getBoundingClientRect();"
                    + "svg.dispatchEvent(new MouseEvent('click', {clientX: r.right - 6, clientY: r.top + 10, bubbles: true}));");
            assertTrue(d.findElement(By.id("hover")).getText().startsWith("memory.csv row 19"), d.findElement(By.id("hover")).getText());
            ViewerBrowser.screenshot(d, "memory-folder");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    @Test
    void twoAgentsSideBySideOnOneScaleWithOneTimeline() throws Exception {
        Path lstm = Recordings.record(Recordings.pong().resolveSibling("pong-lstm.pt"), tmp.resolve("lstm.mp4"), 0, 40, FRAMES);
        ChromeDriver d = ViewerBrowser.start();
        try (ViewerServer both = ViewerServer.start(ViewTarget.open(List.of(mp4, lstm)), 0, tmp.resolve("exports-compare"))) {
            d.get(both.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            assertEquals(2, d.findElements(By.cssSelector("canvas.screen")).size());
            d.findElement(By.tagName("body")).sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            ViewerBrowser.awaitStep(d, 2);
            assertEquals(List.of(2L, 2L), d.executeScript("const m = window.viewer.state.mapData; return [m[0].t, m[1].t];"), "both runs at the step");
            // per-clip: one scale for both, the larger of the two clips' 99.5th percentiles
            new org.openqa.selenium.support.ui.Select(d.findElement(By.id("mode"))).selectByValue("per-clip");
            ViewerBrowser.awaitStep(d, 2);
            double a = server(d, 0), b = server(d, 1);
            String full = d.findElement(By.cssSelector("[data-bar=actor_tv] .ticks span:last-child")).getText();
            assertEquals(Double.parseDouble(full), Math.max(a, b), Math.max(a, b) * 0.01, "the shared scale is the larger percentile");
            assertNotEquals(a, b, "two agents' clips differ");
            assertTrue(d.findElement(By.cssSelector("[data-bar=actor_tv]")).getText().contains("per-clip scale (shared)"));
            assertTrue(!d.findElements(By.cssSelector("svg[data-plot] path[stroke-dasharray]")).isEmpty(), "the second run's series dashed");
            ViewerBrowser.screenshot(d, "compare");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    @Test
    void exportsArePixelExactAndTheMp4GoesThroughTheEncoder() throws Exception {
        ChromeDriver d = ViewerBrowser.start();
        try {
            d.get(server.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            d.executeScript("window.viewer.seek(4);");
            ViewerBrowser.awaitStep(d, 4);
            d.findElement(By.id("export-png")).click();
            String url = (String) d.executeScript("return window.viewer.lastExport;");
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
            @SuppressWarnings("unchecked")
            List<Long> canvas = (List<Long>) d.executeScript("const c = document.querySelector('canvas.screen');"
                    + "const p = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const out = [];"
                    + "for (let i = 0; i < p.length; i += 4) out.push(p[i] * 65536 + p[i + 1] * 256 + p[i + 2]); return out;");
            assertEquals(480, png.getWidth());
            assertEquals(630, png.getHeight());
            int differ = 0;
            for (int y = 0; y < 630; y++) {
                for (int x = 0; x < 480; x++) {
                    differ += (png.getRGB(x, y) & 0xffffff) == canvas.get(y * 480 + x) ? 0 : 1;
                }
            }
            assertEquals(0, differ, "exported PNG pixels that differ from the canvas");
            // above the maps (rows 0..34) the export is the raw frame, each game pixel a 3x3 block
            for (int y = 0; y < 35; y += 5) {
                for (int x = 0; x < 160; x += 7) {
                    assertEquals(rawPixel(4, x, y), png.getRGB(3 * x + 2, 3 * y + 2) & 0xffffff, "pixel " + x + "," + y);
                }
            }

            d.findElement(By.id("export-svg")).click();
            String svg = (String) d.executeScript("return window.viewer.lastExport;");
            org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(doc.getElementsByTagName("image").item(0).getAttributes().getNamedItem("href").getNodeValue().startsWith("data:image/png;base64,"));
            assertEquals(2, doc.getElementsByTagName("linearGradient").getLength(), "a vector colour bar per overlay");
            assertTrue(svg.contains(">0.25</text>") && svg.contains("actor: policy change (TV), absolute"), svg.substring(Math.max(0, svg.length() - 600)));

            d.executeScript("window.viewer.exportMp4(2, 6);");
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(60)).until(x -> d.executeScript(
                    "return window.viewer.lastExport && window.viewer.lastExport.url ? true : null;") != null);
            Path out = Path.of((String) d.executeScript("return window.viewer.lastExport.file;"));
            assertEquals(List.of(out.getFileName().toString()), java.nio.file.Files.list(out.getParent()).map(p -> p.getFileName().toString()).toList(),
                    "the MP4 alone, no temporary left");
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames,width,height",
                    "-of", "csv=p=0", out.toString()).redirectErrorStream(true).start();
            assertEquals("320,452,4", new String(probe.getInputStream().readAllBytes()).strip(), "4 steps at scale 2 with the bar strip");
            assertTrue(d.findElement(By.id("export-status")).getText().startsWith("MP4 of 4 steps"));
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    @Test
    void aRecordingWithoutFramesShowsTheVideoAtTheStep() throws Exception {
        Path old = java.nio.file.Files.createDirectories(tmp.resolve("old"));
        for (String suffix : List.of("mp4", "actor.npy", "critic.npy", "actor_tv.npy", "critic_dv.npy", "steps.csv", "run.json")) {
            java.nio.file.Files.copy(Path.of(mp4.toString().replace(".mp4", "." + suffix)), old.resolve("pong." + suffix));
        }
        ChromeDriver d = ViewerBrowser.start();
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(old.resolve("pong.mp4"))), 0, tmp.resolve("exports-old"))) {
            d.get(s.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            assertTrue(d.findElement(By.tagName("figcaption")).getText().contains("overlays baked in"));
            d.executeScript("window.viewer.seek(5);");
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(20)).until(x -> (Boolean) d.executeScript(
                    "const v = document.querySelector('video.screen'); return v.readyState >= 2 && !v.seeking && Math.abs(v.currentTime - 5.5 / 15) < 1e-3;"));
            ViewerBrowser.screenshot(d, "no-frames");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    /** The server's per-clip percentile of run {@code id}'s actor_tv. */
    @Test
    void aPhoneWideWindowWrapsTheControlsAndScalesTheFrameDown() throws Exception {
        ChromeDriver d = ViewerBrowser.start();
        try {
            org.atarisaliency.study.server.HeadlessChromium.viewport(d, 320, 640);
            d.get(server.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            assertEquals(Boolean.TRUE, d.executeScript("const e = document.documentElement; return e.scrollWidth <= e.clientWidth;"),
                    "nothing wider than the window: " + d.executeScript("return document.documentElement.scrollWidth;"));
            WebElement canvas = d.findElement(By.cssSelector("canvas.screen"));
            double shown = canvas.getRect().width;
            assertTrue(shown <= 288 && shown > 200, "the x3 frame scaled down to the width, drawn " + shown + " px wide");
            // hovering the scaled frame names its frame pixel: the middle of the screen is x 80
            new Actions(d).moveToElement(canvas, 0, 0).perform();
            java.util.regex.Matcher x = java.util.regex.Pattern.compile(" x (\\d+), y ").matcher(waitForText(d, ", y "));
            assertTrue(x.find() && Math.abs(Integer.parseInt(x.group(1)) - 80) <= 1, "the frame's pixel under the cursor: " + x);
            ViewerBrowser.screenshot(d, "phone");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    private static double server(ChromeDriver d, int id) {
        return ((Number) d.executeAsyncScript("fetch('/api/scale?run=' + arguments[0] + '&name=actor_tv').then(r => r.json())"
                + ".then(x => arguments[arguments.length - 1](x.percentile));", id)).doubleValue();
    }

    /** Each channel within 1 (rounding). */
    static void assertRgbClose(long expected, long actual, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            assertTrue(Math.abs(((expected >> shift) & 0xff) - ((actual >> shift) & 0xff)) <= 1,
                    what + ": expected #" + Long.toHexString(expected) + ", got #" + Long.toHexString(actual));
        }
    }

    private static long attr(WebElement e, String name) {
        return Long.parseLong(e.getAttribute(name));
    }

    private static String waitForText(ChromeDriver d, String part) {
        new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(10))
                .until(x -> d.findElement(By.id("hover")).getText().contains(part));
        return d.findElement(By.id("hover")).getText();
    }

    /** The canvas pixel at the centre of screen pixel (x, y), packed RGB. */
    static long pixel(ChromeDriver d, int x, int y) {
        return (Long) d.executeScript("const c = document.querySelector('canvas.screen'); const z = window.viewer.state.zoom;"
                + "const p = c.getContext('2d').getImageData(arguments[0] * z + 1, arguments[1] * z + 1, 1, 1).data;"
                + "return p[0] * 65536 + p[1] * 256 + p[2];", x, y);
    }

    /** The screen pixel (x, y) where step t's actor_tv map, as drawn, is largest. */
    private static int[] peak(int t) throws Exception {
        float[] up = onScreen(t);
        ScreenRegion r = ScreenRegion.A3C;
        int best = 0;
        for (int i = 1; i < up.length; i++) {
            best = up[i] > up[best] ? i : best;
        }
        return new int[] {best % r.width() + r.x(), best / r.width() + r.y()};
    }

    private static float[] onScreen(int t) throws Exception {
        float[] all = Npy.read(Path.of(mp4.toString().replace(".mp4", ".actor_tv.npy"))).floats();
        float[] map = java.util.Arrays.copyOfRange(all, t * 6400, (t + 1) * 6400);
        return Resize.resize(map, 80, 80, 160, 160);
    }

    private static long rawPixel(int t, int x, int y) throws Exception {
        byte[] f = Npy.read(Path.of(mp4.toString().replace(".mp4", ".frames.npy"))).bytes();
        int i = ((t * 210 + y) * 160 + x) * 3;
        return (f[i] & 0xffL) << 16 | (f[i + 1] & 0xffL) << 8 | (f[i + 2] & 0xffL);
    }

    /** What the page must show at (x, y) with actor_tv alone at opacity 0.75 on the absolute scale (full at 0.25). */
    private static long expected(int t, int x, int y) throws Exception {
        float v = onScreen(t)[(y - 35) * 160 + x];
        double a = 0.75 * Math.min(1, Math.max(0, v) / 0.25);
        long raw = rawPixel(t, x, y);
        int[] c = {0x2f, 0x8f, 0xff};
        long out = 0;
        for (int k = 0; k < 3; k++) {
            long ch = (raw >> (16 - 8 * k)) & 0xff;
            out = out << 8 | Math.round(ch * (1 - a) + c[k] * a);
        }
        return out;
    }
}
