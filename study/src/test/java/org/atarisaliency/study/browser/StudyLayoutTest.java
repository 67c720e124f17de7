package org.atarisaliency.study.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.server.HeadlessChromium;
import org.atarisaliency.study.server.PreviewServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The participants' pages of examples/study-paper.yaml (built with short clips) at a laptop's 1280x800 and a
 * phone's 390x844, measured from the DOM: the clips at least 480 CSS px wide side by side on the laptop and
 * stacked at the card's full width on the phone, nothing wider than the window on any page, the slider and
 * likert rows inside their fieldsets, the stills of "Agent 1" and "Agent 2" on the question pages, the
 * glossary with its picture. Screenshots of every page at both sizes: target/screenshots/layout-*.png.
 */
class StudyLayoutTest {
    @TempDir
    static Path dir;
    private static PreviewServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void buildAndServe() throws Exception {
        browser = Browsers.headlessChrome();
        Path studyDir = dir.resolve("study");
        StudyBrowserTest.buildPaper(dir, studyDir);
        server = PreviewServer.start(studyDir);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theStillsAndThePictureArePlainPngsListedInTheChecksums() throws Exception {
        Path studyDir = dir.resolve("study");
        String sums = Files.readString(studyDir.resolve("checksums.sha256"));
        List<String> pngs = List.of("stills/overfit.plain.png", "stills/overfit.saliency.png", "stills/control.plain.png", "stills/control.saliency.png",
                "stills/screen.png");
        for (String f : pngs) {
            assertTrue(sums.contains("  " + f + "\n"), f + " listed in checksums.sha256");
            String bytes = new String(Files.readAllBytes(studyDir.resolve(f)), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String leak : List.of("tEXt", "iTXt", "zTXt", "overfit", "control")) {
                assertTrue(!bytes.contains(leak), f + " contains '" + leak + "'");
            }
        }
    }

    @Test
    void laptop() throws Exception {
        everyPage(1280, 800);
    }

    @Test
    void phone() throws Exception {
        everyPage(390, 844);
    }

    private void everyPage(int width, int height) throws Exception {
        StudyDefinition.Arm arm = server.study().arms().get(0);
        int videoPages = 0, stillPages = 0, glossaryPages = 0, sliders = 0;
        for (int n = 1; n <= arm.pages().size(); n++) {
            StudyDefinition.Page page = arm.pages().get(n - 1);
            HeadlessChromium.viewport(browser, width, height);
            browser.get(server.url(arm.id(), n));
            waitForMedia();
            String where = page.id() + " at " + width + "x" + height;
            assertTrue(num("return document.documentElement.scrollWidth") <= width, where + ": the page is wider than the window: "
                    + num("return document.documentElement.scrollWidth"));
            assertEquals(width, num("return window.innerWidth"), where);
            for (String row : List.of(".slider", ".likert", ".options", ".stills", ".glossary", ".picture")) {
                assertTrue(num("return Array.prototype.every.call(document.querySelectorAll('" + row + "'), function (r) {"
                        + " var f = r.closest('fieldset') || document.querySelector('main'); var a = r.getBoundingClientRect(), b = f.getBoundingClientRect();"
                        + " return a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && r.scrollWidth <= r.clientWidth + 1; }) ? 1 : 0") == 1,
                        where + ": a " + row + " row sticks out of its fieldset or card");
            }
            sliders += (int) num("return document.querySelectorAll('.slider input[type=range]').length");
            if (!page.videos().isEmpty()) {
                videoPages++;
                clips(where, width);
            }
            if (!page.stills().isEmpty()) {
                stillPages++;
                stills(where);
            }
            if (!page.glossary().isEmpty()) {
                glossaryPages++;
                assertEquals(page.glossary().size(), num("return document.querySelectorAll('dl.glossary dt').length"), where);
                assertTrue(num("var i = document.querySelector('.picture img'); return i && i.naturalWidth > 0 ? i.getBoundingClientRect().width : 0") >= 300,
                        where + ": the picture of the screen is missing or small");
            }
            Files.write(Browsers.screenshotDir().resolve("layout-" + String.format("%02d-", n) + page.id() + "-" + width + "x" + height + ".png"),
                    HeadlessChromium.fullPage(browser, width, height));
        }
        assertEquals(2, videoPages, "both blocks' video pages");
        assertEquals(2, stillPages, "both blocks' question pages show the stills");
        assertEquals(1, glossaryPages);
        assertEquals(2, sliders, "the slider of each question page was measured");
    }

    /** Two clips: laptop, side by side and each at least 480 px wide; phone, stacked, each the card's content width. */
    @SuppressWarnings("unchecked")
    private void clips(String where, int width) {
        List<Map<String, Object>> r = (List<Map<String, Object>>) browser.executeScript("return Array.prototype.map.call(document.querySelectorAll('video'),"
                + " function (v) { var b = v.getBoundingClientRect(); return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width}; });");
        assertEquals(2, r.size(), where);
        double w1 = d(r.get(0), "width"), w2 = d(r.get(1), "width");
        double content = num("var m = document.querySelector('.videos'); return m.getBoundingClientRect().width");
        System.out.printf("StudyLayoutTest: %s: clips %.0f and %.0f CSS px wide (%.0fx%.0f), card content %.0f%n", where, w1, w2, w1,
                d(r.get(0), "bottom") - d(r.get(0), "top"), content);
        if (width >= 1280) {
            assertTrue(w1 >= 480 && w2 >= 480, where + ": clips " + w1 + " and " + w2 + " px wide, want >= 480");
            assertEquals(d(r.get(0), "top"), d(r.get(1), "top"), 0.5, where + ": side by side");
            double gap = d(r.get(1), "left") - d(r.get(0), "right");
            assertTrue(gap > 0 && gap <= 48, where + ": gap " + gap);
        } else {
            assertTrue(d(r.get(1), "top") >= d(r.get(0), "bottom"), where + ": stacked");
            assertEquals(content, w1, 0.5, where + ": full card width");
            assertEquals(content, w2, 0.5, where + ": full card width");
        }
    }

    /** The stills: "Agent 1" then "Agent 2", each image loaded, side by side or stacked. */
    private void stills(String where) {
        assertEquals("Agent 1|Agent 2", browser.executeScript("return Array.prototype.map.call(document.querySelectorAll('.stills figcaption'),"
                + " function (c) { return c.textContent; }).join('|');"), where);
        assertEquals(2, num("return Array.prototype.filter.call(document.querySelectorAll('.stills img'), function (i) { return i.naturalWidth > 0; }).length"),
                where + ": both stills load");
        assertTrue(num("var s = document.querySelector('.stills'), q = document.querySelector('fieldset');"
                + " return s.getBoundingClientRect().bottom <= q.getBoundingClientRect().top ? 1 : 0") == 1, where + ": the stills come before the questions");
    }

    private void waitForMedia() {
        browser.executeAsyncScript("var done = arguments[arguments.length - 1]; (function w() {"
                + " var ok = Array.prototype.every.call(document.images, function (x) { return x.complete; })"
                + " && Array.prototype.every.call(document.querySelectorAll('video'), function (x) { return x.readyState >= 1; });"
                + " if (ok) { done(); } else { setTimeout(w, 30); } })();");
    }

    private double num(String script) {
        return ((Number) browser.executeScript(script)).doubleValue();
    }

    private static double d(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }
}
