package org.atarisaliency.study.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.atarisaliency.env.TestRoms;
import org.atarisaliency.study.StudyBuild;
import org.atarisaliency.study.StudyConfig;
import org.atarisaliency.study.StudyDefinition;
import org.atarisaliency.study.server.StudyDatabase;
import org.atarisaliency.study.server.StudyExport;
import org.atarisaliency.study.server.StudyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The user-study kit end to end, in a real browser: examples/study-paper.yaml (clips shortened) is built
 * with the real record pipeline, served by {@link StudyServer}, and headless Chromium goes through it as a
 * Prolific participant: consent, demographics, instructions, the comprehension check (wrong, then right),
 * both video pages (the H.264 clips really play to their end before the button enables), both question
 * pages, a reload and a second visit of the entry link in the middle, the attention check and the debrief.
 * The export must then hold every answer exactly once, and a second visit with the same Prolific id is
 * turned away. Screenshots of every page type land in target/screenshots/study-*.png.
 */
class StudyBrowserTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String PID = "e2e123";
    /** Free text that must come back byte for byte (HTML, quotes, commas, a line break, non-ASCII). */
    static final String FREE_TEXT = "It follows the ball & the strip.\n<b>\"quotes\", commas</b> \u00fcber";
    static final int FRAMES = 40;
    /** Real time: the server counts a clip as watched only when its end came (nearly) a clip length after its first play. */
    static final double PLAYBACK_RATE = 1.0;

    @TempDir
    Path dir;
    /** The paper study, built once for every test of the class. */
    @TempDir
    static Path shared;
    private static StudyBuild.Result paper;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private String base;

    /** examples/study-paper.yaml with clips of {@link #FRAMES} frames, built (once) into {@link #paperDir()}. */
    static synchronized StudyBuild.Result paperStudy() throws Exception {
        if (paper == null) {
            paper = buildPaper(shared, paperDir());
        }
        return paper;
    }

    static Path paperDir() {
        return shared.resolve("study");
    }

    @Test
    void aProlificParticipantTakesThePaperStudyInChromium() throws Exception {
        long t0 = System.nanoTime();
        StudyBuild.Result built = paperStudy();
        Path studyDir = paperDir();
        assertEquals(4, built.videos().size(), "overfit/control x plain/saliency");
        long tBuilt = System.nanoTime();
        StudyDefinition study = built.study();
        BlindingCheck blinding = new BlindingCheck(study);
        blinding.assertFilesFree(studyDir);

        Path db = dir.resolve("study.sqlite");
        try (StudyServer.Running server = StudyServer.start(studyDir, db, 0, "e2e-admin-token-0123456789-abcdefghijklmnop");
             RecordingProxy proxy = new RecordingProxy()) {
            base = "http://127.0.0.1:" + server.port();
            browser = Browsers.headlessChrome(proxy.chromiumArguments());
            try {
                wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
                takeTheStudy();
                // every byte the participant received (pages, script, style, every clip and range of it, headers) names no agent, arm,
                // condition or file
                blinding.assertReceivedFree(proxy.exchanges());
                // the admin page counts the completed participant
                // the researcher signs in with the token in a form (never in the address)
                browser.get(base + "/admin");
                assertEquals("Researchers only", heading());
                browser.findElement(By.id("token")).sendKeys(server.adminToken());
                clickToNewPage(browser.findElement(By.cssSelector("button[type=submit]")));
                assertEquals("Progress", heading());
                assertFalse(browser.getCurrentUrl().contains(server.adminToken()), browser.getCurrentUrl());
                assertEquals("Progress", heading());
                String admin = browser.findElement(By.tagName("main")).getText();
                assertTrue(admin.contains("all 1 1 0 0"), admin);
                fullScreenshot("study-admin");
            } finally {
                browser.quit();
            }
            // a second browser (no cookie) with the same Prolific id is turned away
            browser = Browsers.headlessChrome();
            try {
                browser.get(base + "/?PROLIFIC_PID=" + PID + "&STUDY_ID=s1&SESSION_ID=x2");
                assertEquals("You have already taken part", heading());
                assertTrue(browser.findElement(By.tagName("main")).getText().contains("You have already taken part in this study."));
                fullScreenshot("study-already-taken-part");
            } finally {
                browser.quit();
            }
        }
        long tBrowser = System.nanoTime();

        Path out = dir.resolve("export");
        StudyExport.export(db, studyDir, out);
        checkExport(study, out);
        System.out.printf("StudyBrowserTest: build %.1f s, browser %.1f s%n", (tBuilt - t0) / 1e9, (tBrowser - tBuilt) / 1e9);
    }

    /** Builds examples/study-paper.yaml with {@value #FRAMES}-frame clips into {@code studyDir} (its YAML written into {@code dir}). */
    static StudyBuild.Result buildPaper(Path dir, Path studyDir) throws Exception {
        String yaml = Files.readString(ROOT.resolve("examples/study-paper.yaml"))
                .replace("../models/", ROOT.resolve("models") + "/");
        assertTrue(yaml.contains("frames: 300,"), "the example's clip length changed; update the test");
        yaml = yaml.replace("frames: 300,", "frames: " + FRAMES + ",");
        Path config = dir.resolve("paper.yaml");
        Files.writeString(config, yaml);
        return build(config, studyDir);
    }

    /**
     * A participant who jumps to the end of a clip: the clip ends, but the button stays disabled, a message names the
     * skipped part, and a forged submit of the page is refused; after watching from the start at normal speed the
     * button enables and the page is accepted. Also: visiting the link makes no participant; agreeing makes one.
     */
    @Test
    void aSkipperCannotContinueUntilTheClipIsWatchedAndAVisitorIsNoParticipant() throws Exception {
        paperStudy();
        Path db = dir.resolve("study.sqlite");
        try (StudyServer.Running server = StudyServer.start(paperDir(), db, "127.0.0.1", 0, null)) {
            base = "http://127.0.0.1:" + server.port();
            browser = Browsers.headlessChrome();
            try {
                wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
                // a visitor (a link preview, someone who looks and leaves) is no participant and gets no cookie
                browser.get(base + "/?PROLIFIC_PID=visitor1&STUDY_ID=s1&SESSION_ID=x1");
                assertEquals("Taking part in this study", heading());
                browser.get(base + "/");
                assertEquals("Taking part in this study", heading());
                assertTrue(browser.manage().getCookies().isEmpty(), "no cookie: " + browser.manage().getCookies());
                assertEquals(0, StudyDatabase.participantCount(db));
                clickToNewPage(browser.findElement(By.id("agree")));
                assertEquals("About you", heading());
                assertEquals(1, StudyDatabase.participantCount(db), "agreeing makes the participant");
                choose("age", "25-34");
                choose("games", "Sometimes");
                choose("ml", "2");
                next();
                next();
                choose("paddle", "The green one on the right");
                next();
                seekToTheEndThenWatch(server.port());
            } finally {
                browser.quit();
            }
        }
    }

    private void seekToTheEndThenWatch(int port) throws Exception {
        assertEquals("Part 1 of 2: watch both programs", heading());
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return Array.from(document.querySelectorAll('video')).every(v => v.readyState >= 3 || v.error)")));
        // Agent 1: half a second of play, then a jump to 0.2 s before the end, which plays to `ended`
        long t0 = System.nanoTime();
        Object ended = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; const v = document.querySelector('video[data-label=\"Agent 1\"]');"
                        + "v.addEventListener('ended', () => setTimeout(() => done('ended ' + v.currentTime), 1500), {once: true});"
                        + "v.play().then(() => setTimeout(() => { v.currentTime = v.duration - 0.2; }, 500), e => done(e.name));");
        assertTrue(String.valueOf(ended).startsWith("ended"), String.valueOf(ended));
        WebElement button = browser.findElement(By.id("next"));
        assertFalse(button.isEnabled(), "the button stays disabled after a jump to the end");
        WebElement skipped = browser.findElement(By.xpath("//figure[video[@data-label='Agent 1']]//*[contains(@class, 'watch-skipped')]"));
        assertTrue(skipped.isDisplayed(), "the skipped-part message is shown");
        assertTrue(skipped.getText().matches("You skipped part of this clip\\. Please watch the rest of it: 0:0\\d-0:0\\d"), skipped.getText());
        String progress = browser.findElement(By.xpath("//figure[video[@data-label='Agent 1']]//*[contains(@class, 'watch-progress')]")).getText();
        assertTrue(progress.matches("watched \\d+%"), progress);
        Browsers.screenshot(browser, "study-video-skipped");
        // the page forged from outside the page's script, with the participant's cookie and CSRF token: refused
        String cookie = browser.manage().getCookieNamed("study_session").getValue();
        String csrf = browser.findElement(By.name("csrf")).getAttribute("value");
        String pageIndex = browser.findElement(By.name("page")).getAttribute("value");
        java.net.http.HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/study")).header("Cookie", "study_session=" + cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&page=" + pageIndex + "&action=next")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(422, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("Please watch the parts of Agent 1&#39;s clip and Agent 2&#39;s clip you skipped"), forged.body());
        long tCheated = System.nanoTime();
        // from the start at normal speed, both clips: the button enables, the page is accepted
        Object played = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "Promise.all(Array.from(document.querySelectorAll('video')).map(v => { v.currentTime = 0; return v.play(); }))"
                        + ".then(() => done('ok'), e => done(e.name + ': ' + e.message));");
        assertEquals("ok", played);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("next")));
        assertFalse(skipped.isDisplayed(), "the message goes once the skipped part is watched");
        long tWatched = System.nanoTime();
        Browsers.screenshot(browser, "study-video-watched-after-skipping");
        next();
        assertEquals("Part 1 of 2: your judgement", heading());
        System.out.printf("StudyBrowserTest: the jump to the end and the refused submit %.1f s, watching both clips after it %.1f s%n",
                (tCheated - t0) / 1e9, (tWatched - tCheated) / 1e9);
    }

    /** Builds the study with the project's own ROMs (.deps/python/ale_py/roms), as the launcher's atari.home would. */
    private static StudyBuild.Result build(Path config, Path studyDir) throws Exception {
        String before = System.getProperty("atari.home");
        System.setProperty("atari.home", TestRoms.projectRoot().toString());
        try {
            return StudyBuild.build(StudyConfig.load(config), studyDir, false, (i, n, name, frame, frames) -> { });
        } finally {
            if (before == null) {
                System.clearProperty("atari.home");
            } else {
                System.setProperty("atari.home", before);
            }
        }
    }

    private void takeTheStudy() {
        browser.get(base + "/?PROLIFIC_PID=" + PID + "&STUDY_ID=s1&SESSION_ID=x1");

        // the landing page: the consent text with "I agree" (which starts the participation) and "I do not agree"
        assertEquals("Taking part in this study", heading());
        assertEquals("I do not agree", browser.findElement(By.id("decline")).getText());
        fullScreenshot("study-consent");
        clickToNewPage(browser.findElement(By.id("agree")));

        // demographics
        assertEquals("About you", heading());
        choose("age", "25-34");
        choose("games", "Sometimes");
        choose("ml", "2");
        fullScreenshot("study-demographics");
        next();

        assertEquals("The game", heading());
        fullScreenshot("study-instructions");
        next();

        // the comprehension check: wrong first (feedback, same page), then right
        assertEquals("A quick check", heading());
        assertTrue(browser.findElements(By.className("feedback")).isEmpty());
        choose("paddle", "The orange one on the left");
        next();
        assertEquals("A quick check", heading());
        WebElement feedback = browser.findElement(By.className("feedback"));
        assertTrue(feedback.getText().contains("Not quite. The programs control the green paddle on the right"), feedback.getText());
        fullScreenshot("study-check-feedback");
        choose("paddle", "The green one on the right");
        next();

        // part 1: videos without saliency (reload after watching: still enabled, the server knows they ended)
        watchBothVideos("Part 1 of 2: watch both programs", "study-video-part1", true);
        next();
        answerQuestions("Part 1 of 2: your judgement", "Agent 1", "Agent 2", 7, FREE_TEXT, true);

        // part 2: videos with saliency
        watchBothVideos("Part 2 of 2: watch both programs", "study-video-part2", false);
        next();
        answerQuestions("Part 2 of 2: your judgement", "Agent 2", "Can't tell", -5, "Now I saw where it looks.", false);

        // attention check
        assertEquals("One more question", heading());
        choose("attention", "Blue");
        next();

        // debrief
        assertEquals("Thank you", heading());
        String text = browser.findElement(By.tagName("main")).getText();
        assertTrue(text.contains("Your completion code: PONG2018"), text);
        WebElement back = browser.findElement(By.cssSelector("a.button"));
        assertEquals("https://app.prolific.com/submissions/complete?cc=PONG2018", back.getAttribute("href"));
        assertTrue(back.isDisplayed());
        fullScreenshot("study-debrief");
        // the entry link again after finishing: the debrief, nothing new
        browser.get(base + "/?PROLIFIC_PID=" + PID + "&STUDY_ID=s1&SESSION_ID=x1");
        assertEquals("Thank you", heading());
    }

    /** A video page: the button is disabled, both clips play for real to their end, then the button enables. */
    private void watchBothVideos(String title, String shot, boolean reloadAfter) {
        assertEquals(title, heading());
        WebElement button = browser.findElement(By.id("next"));
        List<WebElement> videos = browser.findElements(By.cssSelector("video[data-label]"));
        assertEquals(List.of("Agent 1", "Agent 2"), videos.stream().map(v -> v.getAttribute("data-label")).toList());
        List<String> captions = browser.findElements(By.cssSelector(".videos figcaption")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("Agent 1", "Agent 2"), captions);
        assertFalse(button.isEnabled(), "the button is disabled before the videos are watched");
        // both side by side, at least 480 px wide (StudyLayoutTest), and fully inside the 1280x900 window once scrolled to them
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return Array.from(document.querySelectorAll('video')).every(v => v.readyState >= 3 || v.error)")));
        List<?> viewport = (List<?>) browser.executeScript("document.querySelector('.videos video').scrollIntoView({block: 'nearest'});"
                + " return [window.innerWidth, window.innerHeight]");
        int innerWidth = ((Number) viewport.get(0)).intValue();
        int innerHeight = ((Number) viewport.get(1)).intValue();
        for (WebElement v : videos) {
            org.openqa.selenium.Rectangle r = v.getRect();
            assertTrue(r.getWidth() >= 300, "video shown large enough: " + r.getWidth() + " px wide");
            long scrollY = ((Number) browser.executeScript("return window.scrollY")).longValue();
            assertTrue(r.getX() >= 0 && r.getX() + r.getWidth() <= innerWidth && r.getY() >= scrollY && r.getY() + r.getHeight() <= scrollY + innerHeight,
                    "video fully visible in the " + innerWidth + "x" + innerHeight + " viewport: " + r.getX() + "," + r.getY() + " " + r.getWidth() + "x" + r.getHeight());
        }
        assertEquals(videos.get(0).getRect().getY(), videos.get(1).getRect().getY(), "side by side");
        Browsers.screenshot(browser, shot + "-before");

        // a probe per video: timeupdate times, ended, error
        browser.executeScript("window.probe = {};"
                + "document.querySelectorAll('video').forEach(v => {"
                + "  const p = window.probe[v.dataset.label] = {times: [], ended: false, error: null};"
                + "  v.addEventListener('timeupdate', () => p.times.push(v.currentTime));"
                + "  v.addEventListener('ended', () => p.ended = true);"
                + "  v.addEventListener('error', () => p.error = v.error ? v.error.code + ': ' + v.error.message : 'error');"
                + "});");
        Object played = browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "Promise.all(Array.from(document.querySelectorAll('video')).map(v => { v.playbackRate = arguments[0]; return v.play(); }))"
                        + ".then(() => done('ok'), e => done(e.name + ': ' + e.message));", PLAYBACK_RATE);
        assertEquals("ok", played, "video.play()");
        wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
                "return Object.values(window.probe).every(p => p.ended || p.error !== null)")));
        for (String label : List.of("Agent 1", "Agent 2")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) browser.executeScript(
                    "const v = document.querySelector('video[data-label=\"' + arguments[0] + '\"]');"
                            + "return {error: v.error && (v.error.code + ': ' + v.error.message), ended: v.ended, currentTime: v.currentTime,"
                            + " duration: v.duration, videoWidth: v.videoWidth, times: window.probe[arguments[0]].times,"
                            + " decoded: v.getVideoPlaybackQuality().totalVideoFrames};", label);
            assertNull(state.get("error"), label + " video.error");
            assertEquals(Boolean.TRUE, state.get("ended"), label + " ended");
            double duration = ((Number) state.get("duration")).doubleValue();
            assertEquals(FRAMES / 20.0, duration, 0.1, label + " duration");
            assertEquals(160 * 3, ((Number) state.get("videoWidth")).intValue(), label + " videoWidth");
            List<?> times = (List<?>) state.get("times");
            assertTrue(times.stream().mapToDouble(t -> ((Number) t).doubleValue()).filter(t -> t > 0 && t < duration - 0.05).distinct().count() >= 2,
                    label + ": currentTime advanced through the clip " + times);
            assertTrue(((Number) state.get("decoded")).intValue() >= FRAMES / 2, label + " decoded frames " + state.get("decoded"));
        }
        // study.js posts `ended` and enables the button once the server has both
        wait.until(ExpectedConditions.elementToBeClickable(By.id("next")));
        assertTrue(browser.findElement(By.id("watch-hint")).getAttribute("hidden") != null, "the hint hides once both are watched");
        Browsers.screenshot(browser, shot + "-after");
        if (reloadAfter) {
            browser.navigate().refresh();
            assertEquals(title, heading(), "a reload stays on the page");
            assertTrue(browser.findElement(By.id("next")).isEnabled(), "after a reload the watched videos still count");
        }
    }

    /** A questions page: two choices, the slider moved by arrow keys, free text; reloads in the middle when asked. */
    private void answerQuestions(String title, String robust, String trust, int sliderSteps, String text, boolean reloadAndReenter) {
        assertEquals(title, heading());
        if (reloadAndReenter) {
            choose("robust", robust);
            browser.navigate().refresh();
            assertEquals(title, heading(), "a reload stays on the page");
            browser.get(base + "/");
            assertEquals(title, heading(), "the entry page sends a returning participant back to their page");
            browser.get(base + "/?PROLIFIC_PID=" + PID + "&STUDY_ID=s1&SESSION_ID=x1");
            assertEquals(title, heading(), "the Prolific link again resumes the same page");
        }
        choose("robust", robust);
        choose("trust", trust);
        WebElement slider = browser.findElement(By.id("q-confidence"));
        WebElement answer = browser.findElement(By.name("confidence"));
        assertEquals("50", slider.getAttribute("value"));
        assertEquals("", answer.getAttribute("value"), "an untouched slider is no answer (not its midpoint)");
        for (int i = 0; i < Math.abs(sliderSteps); i++) {
            slider.sendKeys(sliderSteps > 0 ? Keys.ARROW_RIGHT : Keys.ARROW_LEFT);
        }
        String expected = Integer.toString(50 + sliderSteps);
        assertEquals(expected, slider.getAttribute("value"));
        assertEquals(expected, answer.getAttribute("value"), "moving the slider sets the answer");
        assertEquals(expected, browser.findElement(By.id("q-confidence-value")).getText(), "the slider shows its value");
        WebElement area = browser.findElement(By.name("explain"));
        area.sendKeys(text);
        assertEquals(text, area.getAttribute("value"));
        if (reloadAndReenter) {
            fullScreenshot("study-questions");
        }
        next();
    }

    // ---- the export --------------------------------------------------------------------------------------

    private void checkExport(StudyDefinition study, Path out) throws Exception {
        List<Map<String, String>> participants = read(out.resolve("participants.csv"), StudyExport.PARTICIPANT_COLUMNS);
        assertEquals(1, participants.size(), "one participation: " + participants);
        Map<String, String> p = participants.get(0);
        assertEquals(PID, p.get("prolific_pid"));
        assertEquals("s1", p.get("study_id"));
        assertEquals("x1", p.get("session_id"));
        assertEquals("prolific", p.get("source"));
        assertEquals("completed", p.get("status"), p.toString());
        assertEquals("1", p.get("attention_passed"));
        assertEquals("1", p.get("attention_total"));
        // the example's exclusion rules, applied to what the browser did: it watched both clips of both blocks and
        // passed the attention check, so only its speed (a script answers fast) can exclude it
        assertEquals("0", p.get("attention_failed"));
        assertEquals("0", p.get("clips_unwatched"), "the clips really played");
        assertEquals("false", p.get("duplicate_device"));
        boolean fast = Double.parseDouble(p.get("median_page_seconds")) < 3;
        assertEquals(fast ? "min_seconds_per_page" : "", p.get("excluded_by"), p.toString());
        assertEquals(Boolean.toString(!fast), p.get("included"));
        String prolific = Files.readString(out.resolve("prolific.csv"));
        assertTrue(prolific.contains(PID + ",x1,approve,"), "completed: approved, excluded or not: " + prolific);
        String id = p.get("participant");
        StudyDefinition.Arm arm = study.arm(p.get("arm"));
        assertNotNull(arm, p.get("arm"));

        List<Map<String, String>> answers = read(out.resolve("answers.csv"), StudyExport.ANSWER_COLUMNS);
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (Map<String, String> a : answers) {
            assertEquals(id, a.get("participant"));
            String key = a.get("page") + "/" + a.get("question") + "#" + a.get("attempt");
            assertNull(byKey.put(key, a), "answer stored twice: " + key);
        }
        String check = page(arm, "check").id();
        String demo = "demographics";
        Set<String> expected = new TreeSet<>(List.of(demo + "/age#1", demo + "/games#1", demo + "/ml#1", check + "/paddle#1", check + "/paddle#2",
                "attention/attention#1"));
        for (String block : List.of("without", "with")) {
            for (String q : List.of("robust", "trust", "confidence", "explain")) {
                expected.add("questions." + block + "/" + q + "#1");
            }
        }
        assertEquals(expected, byKey.keySet(), "every answer exactly once per (page, question, attempt)");

        assertEquals("25-34", byKey.get(demo + "/age#1").get("answer"));
        assertEquals("Sometimes", byKey.get(demo + "/games#1").get("answer"));
        assertEquals("3", byKey.get(demo + "/games#1").get("answer_means"), "likert options mean their position");
        assertEquals("false", byKey.get(check + "/paddle#1").get("correct"));
        assertEquals("The orange one on the left", byKey.get(check + "/paddle#1").get("answer"));
        assertEquals("true", byKey.get(check + "/paddle#2").get("correct"));
        assertEquals("true", byKey.get("attention/attention#1").get("correct"));
        assertEquals("true", byKey.get("attention/attention#1").get("attention"));

        // "Agent N" means the agent this participant's arm showed under that label
        Map<String, String> labels = arm.labels();
        assertEquals(p.get("labels"), labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
        Map<String, String> robust1 = byKey.get("questions.without/robust#1");
        assertEquals("Agent 1", robust1.get("answer"));
        assertEquals(labels.get("Agent 1"), robust1.get("answer_means"));
        assertEquals(Boolean.toString(labels.get("Agent 1").equals("control")), robust1.get("correct"));
        assertEquals(labels.get("Agent 2"), byKey.get("questions.without/trust#1").get("answer_means"));
        assertEquals(labels.get("Agent 2"), byKey.get("questions.with/robust#1").get("answer_means"));
        assertEquals("Can't tell", byKey.get("questions.with/trust#1").get("answer_means"));
        assertEquals("false", byKey.get("questions.with/trust#1").get("correct"));
        assertEquals("57", byKey.get("questions.without/confidence#1").get("answer"));
        assertEquals("45", byKey.get("questions.with/confidence#1").get("answer"));
        assertEquals(FREE_TEXT, byKey.get("questions.without/explain#1").get("answer"), "the free text round-trips exactly");
        assertEquals("Now I saw where it looks.", byKey.get("questions.with/explain#1").get("answer"));
        for (Map<String, String> a : answers) {
            assertEquals(p.get("arm"), a.get("arm"));
            assertTrue(Double.parseDouble(a.get("page_seconds")) >= 0, a.toString());
        }

        // events: play and ended of all four videos, on their pages
        List<Map<String, String>> events = read(out.resolve("events.csv"), StudyExport.EVENT_COLUMNS);
        Map<String, Set<String>> seen = new HashMap<>();
        for (Map<String, String> e : events) {
            assertEquals(id, e.get("participant"));
            seen.computeIfAbsent(e.get("page") + "/" + e.get("video"), k -> new TreeSet<>()).add(e.get("event"));
        }
        for (String page : List.of("videos.without", "videos.with")) {
            for (String label : List.of("Agent 1", "Agent 2")) {
                Set<String> got = seen.getOrDefault(page + "/" + label, Set.of());
                assertTrue(got.contains("play") && got.contains("ended"), page + "/" + label + ": " + got + " in " + seen);
            }
        }
        for (Map<String, String> e : events) {
            if (e.get("event").equals("ended")) {
                assertEquals(FRAMES / 20.0, Double.parseDouble(e.get("media_time")), 0.1, "ended at the clip's end: " + e);
            }
        }
    }

    private static StudyDefinition.Page page(StudyDefinition.Arm arm, String type) {
        return arm.pages().stream().filter(x -> x.type().equals(type)).findFirst().orElseThrow();
    }

    // ---- browser helpers ---------------------------------------------------------------------------------

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private void choose(String name, String value) {
        WebElement radio = browser.findElements(By.name(name)).stream().filter(e -> value.equals(e.getAttribute("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no option " + value + " for " + name));
        // click the label, as a person would
        radio.findElement(By.xpath("./ancestor::label")).click();
        assertTrue(radio.isSelected(), name + "=" + value);
    }

    /** Clicks the page's button and waits for the next page to load. */
    private void next() {
        WebElement button = browser.findElement(By.id("next"));
        assertTrue(button.isEnabled(), "the button is enabled");
        clickToNewPage(button);
    }

    /** Clicks {@code button} and waits until the page it leads to has loaded. */
    private void clickToNewPage(WebElement button) {
        // mark this document; the next page is a new one (no mark) that has finished loading. Asked by script, not
        // through an element reference, which chromedriver can report as an inspector error mid-navigation.
        browser.executeScript("window.__studyTestMark = true");
        button.click();
        wait.until(d -> {
            try {
                return Boolean.TRUE.equals(browser.executeScript(
                        "return window.__studyTestMark === undefined && document.readyState === 'complete'"));
            } catch (org.openqa.selenium.WebDriverException e) {
                return false;   // navigating: ask again
            }
        });
    }

    /** The whole page (beyond the window) as target/screenshots/NAME.png, through the DevTools protocol. */
    private void fullScreenshot(String name) {
        Number height = (Number) browser.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("x", 0);
        clip.put("y", 0);
        clip.put("width", Browsers.WIDTH);
        clip.put("height", Math.max(height.intValue(), 200));
        clip.put("scale", 1);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Path png = Path.of(System.getProperty("basedir", ".")).resolve("target/screenshots").resolve(name + ".png");
            Files.createDirectories(png.getParent());
            Files.write(png, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- RFC 4180 -----------------------------------------------------------------------------------------

    /** A strict RFC 4180 reader: checks the header and returns the records as column-to-field maps. */
    static List<Map<String, String>> read(Path file, List<String> header) throws java.io.IOException {
        List<List<String>> records = org.atarisaliency.study.server.Rfc4180.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(header, records.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> rec : records.subList(1, records.size())) {
            assertEquals(header.size(), rec.size(), "fields in " + rec);
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), rec.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

}
