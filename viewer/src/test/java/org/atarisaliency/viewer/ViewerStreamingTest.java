package org.atarisaliency.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A 100k-step recording streams: its NPYs (sparse files: 10 GB of frames, more than the test's heap) are read one step at a time,
 * its series sent downsampled; and how long a 300-step and a 100k-step recording take to open in Chromium.
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
        Path stem = Synthetic.sparseRecording(tmp.resolve("long"), LONG);
        long frames = Files.size(Path.of(stem + ".frames.npy"));
        assertTrue(frames > Runtime.getRuntime().maxMemory(), "frames.npy (" + frames + " bytes) is larger than the heap: a whole load could not work");
        long t0 = System.nanoTime();
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(stem)), 0, tmp.resolve("exports"))) {
            double openMs = (System.nanoTime() - t0) / 1e6;
            assertEquals(210 * 160 * 3, get(s, "/api/frame?run=0&t=" + (LONG - 1)).length);
            assertEquals(160 * 160 * 4, get(s, "/api/map?run=0&name=actor_tv&t=" + (LONG - 1)).length, "the map over rows 35..194");
            Map<?, ?> series = new com.fasterxml.jackson.databind.ObjectMapper().readValue(get(s, "/api/series?run=0&name=value&buckets=600"), Map.class);
            assertEquals(600, ((List<?>) series.get("min")).size(), "600 buckets, not 100k rows");
            assertEquals(-1.0, (Double) ((List<?>) series.get("min")).get(0), 1e-3, "the minimum of the first bucket's sine");
            System.out.printf("100k-step recording: server open %.0f ms%n", openMs);
        }
    }

    @Test
    void openTimesInChromium() throws Exception {
        Path shortRun = Synthetic.sparseRecording(tmp.resolve("short/clip"), 300), longRun = Synthetic.sparseRecording(tmp.resolve("long/clip"), LONG);
        ChromeDriver d = ViewerBrowser.start();
        try {
            double[] short_ = open(d, shortRun, "300-step", s -> { });
            assertTrue(short_[1] < 2000, "a 300-step recording opens (frame and plots) in under 2 s, took " + short_[1] + " ms");
            double[] long_ = open(d, longRun, "100k-step", s -> {
                d.executeScript("window.viewer.seek(arguments[0]);", LONG - 1);
                ViewerBrowser.awaitStep(d, LONG - 1);
                ViewerBrowser.screenshot(d, "long-run");
            });
            assertTrue(long_[2] < 2000, "a 100k-step recording's page shows its first frame in under 2 s, took " + long_[2] + " ms");
            assertEquals(List.of(), ViewerBrowser.errors(d));
        } finally {
            d.quit();
        }
    }

    /** Opens a recording (server start and page) and returns ms to the first frame and to the last plot, from the server's start, and to the first frame from navigation. */
    private double[] open(ChromeDriver d, Path stem, String what, java.util.function.Consumer<ViewerServer> then) throws Exception {
        long t0 = System.nanoTime();
        try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(stem)), 0, tmp.resolve("exports"))) {
            double serverMs = (System.nanoTime() - t0) / 1e6;
            long nav = System.nanoTime();
            d.get(s.url().toString());
            new org.openqa.selenium.support.ui.WebDriverWait(d, java.time.Duration.ofSeconds(120))
                    .until(x -> d.executeScript("return window.viewer.timing.plots;") != null);
            double getMs = (System.nanoTime() - nav) / 1e6;
            double frame = ((Number) d.executeScript("return window.viewer.timing.firstFrame;")).doubleValue();
            double plots = ((Number) d.executeScript("return window.viewer.timing.plots;")).doubleValue();
            System.out.printf("%s recording: server open %.0f ms; page: first frame %.0f ms, every plot %.0f ms after navigation (%.0f ms in all)%n",
                    what, serverMs, frame, plots, getMs);
            then.accept(s);
            return new double[] {serverMs + frame, serverMs + plots, frame};
        }
    }
}
