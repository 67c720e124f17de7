package org.atarisaliency.study.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium ({@code chromium} and {@code chromium-driver}) driven through Selenium, given by
 * path so that Selenium Manager never looks for (or downloads) a browser. Used by {@code study preview} and
 * the study's browser tests. The paths can be overridden with {@code -Datari.chromium=...} and
 * {@code -Datari.chromedriver=...}.
 */
public final class HeadlessChromium {
    /** Debian's launcher script (it adds /etc/chromium.d flags and runs /usr/lib/chromium/chromium). */
    public static final Path CHROMIUM = Path.of(System.getProperty("atari.chromium", "/usr/bin/chromium"));
    /** Debian's chromedriver, the same version as the browser. */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("atari.chromedriver", "/usr/bin/chromedriver"));
    /** What to do when they are missing. */
    public static final String INSTALL = "apt-get install chromium chromium-driver";

    /**
     * Selenium's java.util.logging, held (loggers are kept weakly) at SEVERE: its warnings (e.g. "Unable to find CDP
     * implementation matching 156", for a Chromium newer than the Selenium release) say nothing a researcher can act on.
     */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
    }

    private HeadlessChromium() {
    }

    /** Whether both binaries are present and executable. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** The one-line problem when they are missing, naming the fix. */
    public static String missing() {
        return "headless Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): " + INSTALL;
    }

    /**
     * A new headless Chromium (autoplay without a user gesture, no sandbox, no /dev/shm) with a window of
     * {@code width} x {@code height}, implicit waits off and 30 s page-load and script timeouts; chromedriver's
     * log goes to {@code log}. Extra arguments are added as given. The caller quits it.
     *
     * @throws IllegalStateException {@link #missing()} when the binaries are absent
     */
    public static ChromeDriver start(int width, int height, File log, String... extra) {
        if (!available()) {
            throw new IllegalStateException(missing());
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required",
                "--window-size=" + width + "," + height, "--mute-audio", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update");
        options.addArguments(extra);
        ChromeDriverService.Builder service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort();
        if (log != null) {
            service.withLogFile(log);
        }
        ChromeDriver driver = new ChromeDriver(service.build(), options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Sets the page's viewport to exactly {@code width} x {@code height} CSS pixels at device scale 1 (DevTools' device metrics). */
    public static void viewport(ChromeDriver driver, int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /**
     * Waits (at most the script timeout) until every video on the page shows a frame and every image is loaded,
     * then returns a PNG of the whole page at {@code width} CSS pixels (the viewport grown to the page's height).
     */
    public static byte[] fullPage(ChromeDriver driver, int width, int minHeight) {
        driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "var ready = function () {"
                + "  var v = Array.prototype.every.call(document.querySelectorAll('video'), function (x) { return x.readyState >= 2 || x.error; });"
                + "  var i = Array.prototype.every.call(document.images, function (x) { return x.complete; });"
                + "  if (v && i) { done(true); } else { setTimeout(ready, 50); } };"
                + "ready();");
        long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        viewport(driver, width, (int) Math.max(minHeight, height));
        return driver.getScreenshotAs(OutputType.BYTES);
    }
}
