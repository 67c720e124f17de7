package org.atarisaliency.study.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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
    public static final Path CHROMIUM = Path.of(System.getProperty("atari.chromium", "/usr/bin/chromium"));
    /** Debian's chromedriver, the same version as the browser. */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("atari.chromedriver", "/usr/bin/chromedriver"));
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
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * A new headless Chromium (1280x900, autoplay without a user gesture, no sandbox, no /dev/shm),
     * with implicit waits off and a 30 s page-load and script timeout. The caller quits it.
     * Skips the calling test when the binaries are absent (fails it with {@code -Datari.browser.required=true}).
     */
    public static ChromeDriver headlessChrome() {
        return headlessChrome(new String[0]);
    }

    /** As {@link #headlessChrome()}, with more Chromium flags (a proxy, for instance). */
    public static ChromeDriver headlessChrome(String... extraArguments) {
        assumeAvailable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--autoplay-policy=no-user-gesture-required",
            "--window-size=" + WIDTH + "," + HEIGHT,
            "--mute-audio",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update");
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(logFile())
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Saves a PNG of the whole viewport as target/screenshots/NAME.png and returns its path. */
    public static Path screenshot(TakesScreenshot browser, String name) {
        Path dir = targetDir().resolve("screenshots");
        try {
            Files.createDirectories(dir);
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

    private static void assumeAvailable() {
        if (available()) {
            return;
        }
        String message = "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): apt-get install chromium chromium-driver (run-tests does) to run the browser tests";
        System.err.println();
        System.err.println("!!!!!!!! " + message);
        System.err.println();
        if (Boolean.getBoolean("atari.browser.required")) {
            throw new IllegalStateException(message + " (required: -Datari.browser.required=true)");
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
