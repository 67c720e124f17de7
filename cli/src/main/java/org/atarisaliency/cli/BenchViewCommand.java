package org.atarisaliency.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.pipelines.BundledAgents;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Json;
import org.atarisaliency.pipelines.Provenance;
import org.atarisaliency.pipelines.Record;
import org.atarisaliency.study.server.HeadlessChromium;
import org.atarisaliency.viewer.SyntheticRecording;
import org.atarisaliency.viewer.ViewTarget;
import org.atarisaliency.viewer.ViewerServer;
import org.openqa.selenium.chrome.ChromeDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench view}: how fast {@code view} opens a real and a very long recording in headless Chromium, next to the recording's MP4. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"How fast view opens a recording, in headless Chromium, next to the peer: the",
            "same recording's MP4 in a <video> element of the same browser. Records a real",
            "clip of Pong with the bundled agent pong and writes a made-up long one (sparse",
            "NPYs: no disk), in a temporary folder deleted at the end; for each it prints",
            "the server's start, and the first frame and every plot drawn after the page's",
            "navigation (the MP4: its first frame decoded, the 'loadeddata' event), medians",
            "over the repetitions. Needs Debian's chromium and chromium-driver."})
final class BenchViewCommand implements Callable<Integer> {
    /** Whether the browser is there (a test replaces it). */
    static BooleanSupplier chromium = HeadlessChromium::available;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--frames", defaultValue = "300", paramLabel = "N", description = "Steps of the real recording (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--long-steps", defaultValue = "100000", paramLabel = "N", description = "Steps of the made-up long recording (default: ${DEFAULT-VALUE}).")
    int longSteps;

    @Option(names = "--stride", defaultValue = "10", paramLabel = "PX",
            description = "The real recording's saliency stride (default: ${DEFAULT-VALUE}; the maps the viewer loads are 80x80 at any stride).")
    int stride;

    @Option(names = "--reps", defaultValue = "3", paramLabel = "N", description = "Timed openings of each, after one untimed one (default: ${DEFAULT-VALUE}).")
    int reps;

    @Mixin
    JsonOption json;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        for (var o : List.of(Map.entry("--frames", frames), Map.entry("--long-steps", longSteps), Map.entry("--reps", reps))) {
            if (o.getValue() < 1) {
                throw new IllegalArgumentException(o.getKey() + " must be at least 1, got " + o.getValue());
            }
        }
        if (!chromium.getAsBoolean()) {
            throw new UserFacingException(HeadlessChromium.missing());
        }
        var err = spec.commandLine().getErr();
        ProgressLine progress = new ProgressLine(err, common.quiet);
        Path tmp = Files.createTempDirectory("atari-bench-view");
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            Path real = tmp.resolve("real/pong.mp4");
            Files.createDirectories(real.getParent());
            Record.run(new Record.Settings(BundledAgents.resolve("pong", "Pong-v4"), Game.find("Pong-v4"), 0, 0, frames,
                    Record.DECLARATION.values(Map.of("stride", stride)), null, null, real),
                    (done, total, s) -> progress.fraction("recording " + done + "/" + total + " steps of Pong (agent pong)", done / (double) total));
            progress.finish();
            Path synthetic = SyntheticRecording.sparse(tmp.resolve("long/clip"), longSteps);
            ChromeDriver browser = HeadlessChromium.start(1280, 800, null);
            try {
                Openings open = new Openings(browser, tmp.resolve("exports"), progress);
                open.viewer(real, "warm-up");
                m.put("real", open.median(reps, () -> open.viewer(real, "the viewer on the real recording")));
                m.put("mp4", open.median(reps, () -> open.video(real, "the real recording's MP4 in <video>")));
                m.put("long", open.median(reps, () -> open.viewer(synthetic, "the viewer on the long recording")));
            } finally {
                browser.quit();
                progress.finish();
            }
        } finally {
            OutputFiles.deleteTree(tmp);
        }
        m.put("settings", Map.of("frames", frames, "long_steps", longSteps, "stride", stride, "reps", reps, "agent", "pong", "game", "Pong-v4"));
        m.put("chromium", HeadlessChromium.CHROMIUM.toString());
        m.put("machine", Provenance.machine());
        m.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        m.put("tool", Provenance.tool());
        print(m);
        return ExitCodes.OK;
    }

    private void print(Map<String, Object> m) {
        var out = spec.commandLine().getOut();
        if (json.on) {
            out.println(Json.write(m));
        } else {
            out.printf("milliseconds, median of %d; browser times from the page's navigation%n", reps);
            out.printf("%-34s %8s %12s %12s%n", "", "server", "first frame", "every plot");
            row(out, "view, " + frames + "-step Pong recording", m.get("real"));
            row(out, "MP4 of it in <video> (the peer)", m.get("mp4"));
            row(out, "view, " + longSteps + "-step recording", m.get("long"));
            out.printf("machine  %s, load average %.1f, %s%n", m.get("machine"), (double) m.get("load_average"), m.get("chromium"));
        }
        out.flush();
    }

    private static void row(java.io.PrintWriter out, String name, Object timing) {
        Map<?, ?> t = (Map<?, ?>) timing;
        out.printf("%-34s %8s %12s %12s%n", name, ms(t.get("server_ms")), ms(t.get("first_frame_ms")), ms(t.get("plots_ms")));
    }

    private static String ms(Object v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f", (Double) v);
    }

    /** Opens recordings in one browser and times them. */
    private static final class Openings {
        private static final Duration WAIT = Duration.ofMinutes(5);
        private final ChromeDriver browser;
        private final Path exports;
        private final ProgressLine progress;

        Openings(ChromeDriver browser, Path exports, ProgressLine progress) {
            this.browser = browser;
            this.exports = exports;
            this.progress = progress;
        }

        interface Timed {
            Map<String, Double> run() throws Exception;
        }

        /** Each figure's median over {@code reps} runs. */
        Map<String, Double> median(int reps, Timed timed) throws Exception {
            Map<String, double[]> all = new LinkedHashMap<>();
            for (int i = 0; i < reps; i++) {
                for (var e : timed.run().entrySet()) {
                    all.computeIfAbsent(e.getKey(), k -> new double[reps])[i] = e.getValue();
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                Arrays.sort(v);
                m.put(k, v[reps / 2]);
            });
            return m;
        }

        /** The viewer's server start, then its page: first frame and every plot drawn, from navigation (the page's own clock). */
        Map<String, Double> viewer(Path recording, String what) throws Exception {
            progress.show("timing " + what, true);
            long t0 = System.nanoTime();
            try (ViewerServer s = ViewerServer.start(ViewTarget.open(List.of(recording)), 0, exports)) {
                double server = (System.nanoTime() - t0) / 1e6;
                browser.get(s.url().toString());
                return Map.of("server_ms", server, "first_frame_ms", await("window.viewer.timing.firstFrame", what),
                        "plots_ms", await("window.viewer.timing.plots", what));
            }
        }

        /** The MP4 in a plain {@code <video>} of a page beside it: its first frame decoded ('loadeddata'), from navigation. */
        Map<String, Double> video(Path mp4, String what) throws Exception {
            progress.show("timing " + what, true);
            Path page = mp4.resolveSibling("peer.html");
            Files.writeString(page, "<!doctype html><video id=v muted preload=auto src=\"" + mp4.getFileName() + "\"></video><script>"
                    + "window.peer = {}; var v = document.getElementById('v');"
                    + "var loaded = function () { if (window.peer.frame === undefined) window.peer.frame = performance.now(); };"
                    + "v.addEventListener('loadeddata', loaded); if (v.readyState >= 2) loaded();"
                    + "v.addEventListener('error', function () { window.peer.frame = -1; });</script>");
            browser.get(page.toUri().toString());
            double frame = await("window.peer.frame", what);
            if (frame < 0) {
                throw new UserFacingException("Chromium could not decode " + mp4.getFileName() + " in a <video> element");
            }
            return Map.of("first_frame_ms", frame);
        }

        /** Polls the page until {@code expression} is a number (the page's clock: it does not depend on the polling). */
        private double await(String expression, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (browser.executeScript("return " + expression + ";") instanceof Number n) {
                    return n.doubleValue();
                }
                Thread.sleep(20);
            }
            throw new UserFacingException(what + ": " + expression + " not set after " + WAIT.toMinutes() + " minutes; page errors: "
                    + browser.executeScript("return window.viewer ? window.viewer.errors : null;"));
        }
    }
}
