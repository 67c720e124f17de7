package org.atarisaliency.viewer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.atarisaliency.study.server.HeadlessChromium;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the viewer's tests, started as the study's browser tests start it ({@link HeadlessChromium}): the
 * test is skipped without it (a loud line on stderr), failed with {@code -Datari.browser.required=true}.
 */
final class ViewerBrowser {
    /** Where screenshots go, to be looked at. */
    static final Path SHOTS = Path.of(System.getProperty("atari.view.shots", "target/view-shots"));

    private ViewerBrowser() {
    }

    static ChromeDriver start() {
        if (!HeadlessChromium.available()) {
            System.err.println("\n!!!!!!!! " + HeadlessChromium.missing() + " (run-tests does) to run the viewer's browser tests\n");
            if (Boolean.getBoolean("atari.browser.required")) {
                throw new IllegalStateException(HeadlessChromium.missing() + " (required: -Datari.browser.required=true)");
            }
            Assumptions.assumeTrue(false, HeadlessChromium.missing());
        }
        ChromeDriver d = HeadlessChromium.start(1280, 800, Path.of("target/chromedriver-viewer.log").toFile());
        HeadlessChromium.viewport(d, 1280, 800);
        return d;
    }

    /** Waits until the page has drawn step {@code t} (and nothing is pending). */
    static void awaitStep(ChromeDriver d, int t) {
        try {
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> Boolean.TRUE.equals(d.executeScript(
                    "return document.body.dataset.step === arguments[0] && window.viewer.state && !window.viewer.state.busy;", String.valueOf(t))));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("step " + t + " not drawn: page at step " + d.executeScript("return document.body.dataset.step;")
                    + ", errors " + errors(d), e);
        }
    }

    /** Saves a screenshot of the viewport as SHOTS/NAME.png. */
    static Path screenshot(ChromeDriver d, String name) {
        try {
            Files.createDirectories(SHOTS);
            Path png = SHOTS.resolve(name + ".png");
            Files.write(png, d.getScreenshotAs(OutputType.BYTES));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's errors (window errors and unhandled rejections the app collected). */
    @SuppressWarnings("unchecked")
    static List<String> errors(ChromeDriver d) {
        return (List<String>) d.executeScript("return window.viewer.errors;");
    }
}
