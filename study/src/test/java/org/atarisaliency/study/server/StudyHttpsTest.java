package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.atarisaliency.study.browser.Browsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's HTTPS recipe, run: examples/Caddyfile's site block (on a free port, with {@code tls internal}: Caddy's
 * own CA, kept in a temporary folder and never installed into the system's trust store) in front of
 * {@code study serve}, and a participant in Chromium through it, over https, past consent to the next page. The
 * session cookie must be Secure (the server sees Caddy's X-Forwarded-Proto: https). Skips without Debian's caddy
 * package; fails instead with {@code -Datari.caddy.required=true} (run-tests sets it).
 */
class StudyHttpsTest {
    static final Path CADDY = Path.of(System.getProperty("atari.caddy", "/usr/bin/caddy"));
    static final Path RECIPE = Path.of("..").toAbsolutePath().normalize().resolve("examples/Caddyfile");

    @TempDir
    Path dir;

    @Test
    void aParticipantTakesTheStudyThroughCaddyOverHttps() throws Exception {
        Browsers.assumeTool(Files.isExecutable(CADDY), "caddy is not installed (" + CADDY + "): apt-get install caddy (run-tests does) to run the HTTPS recipe's test",
                "atari.caddy.required");
        Browsers.assumeAvailable();
        Path study = dir.resolve("study");
        StudyFixture.write(study);
        try (StudyServer.Running server = StudyServer.start(study, dir.resolve("study.sqlite"), "127.0.0.1", 0, null)) {
            int https = freePort(), http = freePort();
            Path caddyfile = Files.writeString(dir.resolve("Caddyfile"), adapted(Files.readString(RECIPE), https, http, server.port()));
            Process caddy = startCaddy(caddyfile);
            try {
                waitForPort(https, caddy);
                ChromeDriver browser = Browsers.headlessChrome("--ignore-certificate-errors");
                try {
                    String base = "https://localhost:" + https;
                    browser.get(base + "/?PROLIFIC_PID=https1&STUDY_ID=s1&SESSION_ID=x1");
                    // the entry (a landing page, or the consent page itself): tick the consent box where there is one and
                    // press the page's first submit button until the page after consent shows
                    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
                    for (int i = 0; i < 3 && !heading(browser).equals("Did you understand?"); i++) {
                        for (WebElement box : browser.findElements(By.name("consent"))) {
                            if (!box.isSelected()) {
                                box.click();
                            }
                        }
                        WebElement first = browser.findElement(By.cssSelector("button[type=submit]"));
                        first.click();
                        wait.until(ExpectedConditions.stalenessOf(first));
                    }
                    assertEquals("Did you understand?", heading(browser), "the page after consent, over https");
                    assertTrue(browser.getCurrentUrl().startsWith(base + "/"), browser.getCurrentUrl());
                    Cookie session = browser.manage().getCookieNamed(StudyRoutes.COOKIE);
                    assertNotNull(session, "the session cookie");
                    assertTrue(session.isSecure(), "Secure behind the HTTPS proxy: " + session);
                    assertTrue(session.isHttpOnly(), session.toString());
                } finally {
                    browser.quit();
                }
            } finally {
                caddy.destroy();
                caddy.waitFor();
            }
        }
        assertTrue(Files.isDirectory(dir.resolve("data/caddy/pki/authorities/local")), "Caddy's CA stayed in the test's folder");
    }

    /**
     * The recipe's site block with the test's ports: served as localhost:HTTPS with {@code tls internal}, the upstream the
     * test's server; global options keep Caddy's admin endpoint off, its HTTP port free and its CA out of the trust store.
     */
    static String adapted(String recipe, int https, int http, int upstream) {
        assertTrue(recipe.contains("study.example.org {") && recipe.contains("reverse_proxy 127.0.0.1:8080"), "the recipe changed; update the test");
        String site = recipe.replace("study.example.org {", "localhost:" + https + " {\n\ttls internal")
                .replace("reverse_proxy 127.0.0.1:8080", "reverse_proxy 127.0.0.1:" + upstream);
        return "{\n\tadmin off\n\tskip_install_trust\n\thttp_port " + http + "\n\thttps_port " + https + "\n}\n" + site;
    }

    private Process startCaddy(Path caddyfile) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(CADDY.toString(), "run", "--config", caddyfile.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(dir.resolve("caddy.log").toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        return pb.start();
    }

    private void waitForPort(int port, Process caddy) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            if (!caddy.isAlive()) {
                throw new AssertionError("caddy exited: " + Files.readString(dir.resolve("caddy.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("caddy did not listen on " + port + ": " + Files.readString(dir.resolve("caddy.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String heading(ChromeDriver browser) {
        List<WebElement> h = browser.findElements(By.tagName("h1"));
        return h.isEmpty() ? "" : h.get(0).getText();
    }
}
