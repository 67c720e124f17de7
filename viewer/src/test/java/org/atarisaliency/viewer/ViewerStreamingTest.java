package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A 100k-step recording streams: its NPYs (sparse files: 10 GB of frames, more than the test's heap) are read one step at a time,
 * its series sent downsampled; a 300-step and a 100k-step recording open in Chromium (how fast: {@code bench view}, not a test).
 */
class ViewerStreamingTest {
    private static final int LONG = 100_000;
    @TempDir
    Path tmp;

    private static byte[] get(ViewerServer s, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body()));
        return r.body();
    }

    @Test
    void aHundredThousandStepsStreamOneStepAtATime() throws Exception {
        Path stem = SyntheticRecording.sparse(tmp.resolve("long"), LONG);
        long frames = Files.size(Path.of(stem + ".frames.npy"));
        assertTrue(frames > Runtime.getRuntime().maxMemory(), "frames.npy (" + frames + " bytes) is larger than the heap: a whole load could not work");
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(stem)), 0, tmp.resolve("exports"))) {
            assertEquals(210 * 160 * 3, get(s, "/api/frame?run=0&t=" + (LONG - 1)).length);
            assertEquals(160 * 160 * 4, get(s, "/api/map?run=0&name=actor_tv&t=" + (LONG - 1)).length, "the map over rows 35..194");
            Map<?, ?> series = new com.fasterxml.jackson.databind.ObjectMapper().readValue(get(s, "/api/series?run=0&name=value&buckets=600"), Map.class);
            assertEquals(600, ((List<?>) series.get("min")).size(), "600 buckets, not 100k rows");
            assertEquals(-1.0, (Double) ((List<?>) series.get("min")).get(0), 1e-3, "the minimum of the first bucket's sine");
        }
    }

    @Test
    void shortAndLongRecordingsOpenInChromium() throws Exception {
        Path shortRun = SyntheticRecording.sparse(tmp.resolve("short/clip"), 300), longRun = SyntheticRecording.sparse(tmp.resolve("long/clip"), LONG);
        ChromeDriver d = ViewerBrowser.start();
        try {
            open(d, shortRun, 299);
            open(d, longRun, LONG - 1);
            ViewerBrowser.screenshot(d, "long-run");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    /** Opens a recording: its first frame and every plot are drawn (the 100k-step totals take a while: a generous wait), then its step {@code last}. */
    private void open(ChromeDriver d, Path stem, int last) throws Exception {
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(stem)), 0, tmp.resolve("exports"))) {
            d.get(s.url().toString());
            ViewerBrowser.awaitStep(d, 0);
            new WebDriverWait(d, Duration.ofMinutes(2)).until(x -> d.executeScript("return window.viewer.timing.plots;") != null);
            assertEquals(4L, d.executeScript("return [...document.querySelectorAll('svg[data-plot]')].filter(p => p.querySelector('path')).length;"),
                    "action probabilities, value, reward events and totals: drawn");
            d.executeScript("window.viewer.seek(arguments[0]);", last);
            ViewerBrowser.awaitStep(d, last);
        }
    }
}
