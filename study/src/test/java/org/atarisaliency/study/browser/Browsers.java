package org.atarisaliency.study.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.atarisaliency.study.server.HeadlessChromium;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Headless Chromium for the study's end-to-end tests, always Debian's {@code chromium} and
 * {@code chromium-driver} packages (run-tests installs both): the browser and the driver are given
 * by path, so Selenium Manager never looks for (or downloads) either.
 *
 * <pre>{@code
 * ChromeDriver browser = Browsers.headlessChrome();   // skips the test when the packages are absent
 * try {
 *     browser.get(url);
 *     ...
 *     Browsers.screenshot(browser, "study-page");      // target/screenshots/study-page.png
 * } finally {
 *     browser.quit();
 * }
 * }</pre>
 *
 * <p>Missing browsers skip the test (a JUnit assumption) with a loud line on stderr; with
 * {@code -Datari.browser.required=true} (run-tests sets it) they fail it instead. The paths can be
 * overridden with {@code -Datari.chromium=...} and {@code -Datari.chromedriver=...}.
 */
public final class Browsers {
    /** Debian's launcher script (it adds /etc/chromium.d flags and runs /usr/lib/chromium/chromium). */
    public static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    /** Debian's chromedriver, the same version as the browser. */
    public static final Path CHROMEDRIVER = HeadlessChromium.CHROMEDRIVER;
    /** Window size of every browser (CSS pixels; headless Chromium's device scale factor is 1). */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;

    /** Held so that the level set on them stays (java.util.logging keeps loggers weakly). */
    private static final Logger[] QUIETED = {
        Logger.getLogger("org.openqa.selenium"),
        Logger.getLogger("org.asynchttpclient"),
        Logger.getLogger("io.netty"),
    };

    static {
        quietLogging();
    }

    private Browsers() {
    }

    /** Whether both Debian binaries are present and executable. */
    public static boolean available() {
        return HeadlessChromium.available();
    }

    /**
     * A new headless Chromium (1280x900, autoplay without a user gesture, no sandbox, no /dev/shm),
     * with implicit waits off and a 30 s page-load and script timeout. The caller quits it.
     * Skips the calling test when the binaries are absent (fails it with {@code -Datari.browser.required=true}).
     */
    public static ChromeDriver headlessChrome(String... extraArguments) {
        assumeAvailable();
        return HeadlessChromium.start(WIDTH, HEIGHT, logFile(), extraArguments);
    }

    /** target/screenshots, created if missing. */
    public static Path screenshotDir() {
        Path dir = targetDir().resolve("screenshots");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a PNG of the whole viewport as target/screenshots/NAME.png and returns its path. */
    public static Path screenshot(TakesScreenshot browser, String name) {
        Path dir = screenshotDir();
        try {
            Path png = dir.resolve(name + ".png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Selenium's java.util.logging at WARNING: no per-session INFO lines in the test output. */
    public static void quietLogging() {
        for (Logger logger : QUIETED) {
            logger.setLevel(Level.WARNING);
        }
    }

    /** Skips the calling test when the browser is absent (fails it with {@code -Datari.browser.required=true}). */
    public static void assumeAvailable() {
        assumeTool(available(), HeadlessChromium.missing() + " (run-tests does) to run the browser tests", "atari.browser.required");
    }

    /**
     * Skips the calling test when a tool it needs is absent, with a loud line on stderr; with
     * {@code -DrequiredProperty=true} (run-tests sets it for the tools it installs) fails it instead.
     */
    public static void assumeTool(boolean present, String message, String requiredProperty) {
        if (present) {
            return;
        }
        System.err.println();
        System.err.println("!!!!!!!! " + message);
        System.err.println();
        if (Boolean.getBoolean(requiredProperty)) {
            throw new IllegalStateException(message + " (required: -D" + requiredProperty + "=true)");
        }
        Assumptions.assumeTrue(false, message);
    }

    /** chromedriver's log, with the browser's stderr (start-up errors end up here): target/chromedriver.log, rewritten by each new browser. */
    private static File logFile() {
        try {
            Files.createDirectories(targetDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targetDir().resolve("chromedriver.log").toFile();
    }

    /** The module's target/ (surefire sets basedir; the working directory otherwise). */
    private static Path targetDir() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target");
    }
}
