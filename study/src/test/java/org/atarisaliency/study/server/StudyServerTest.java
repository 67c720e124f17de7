package org.atarisaliency.study.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study server over real HTTP on loopback, one fresh database per test. */
class StudyServerTest {
    @TempDir
    static Path studyDir;
    @TempDir
    Path work;
    private static final HttpClient HTTP = Browser.client();
    private StudyServer.Running server;
    private final List<String> participantHtml = new ArrayList<>();

    @BeforeAll
    static void writeStudy() throws Exception {
        StudyFixture.write(studyDir);
    }

    @BeforeEach
    void start() throws Exception {
        server = StudyServer.start(studyDir, work.resolve("study.db"), "127.0.0.1", 0, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Browser browser() {
        return new Browser(HTTP, server.port());
    }

    private long count(String sql, Object... params) {
        return server.database().count(sql, params);
    }

    /** A participant who opened the study link and agreed on the landing page: on the page after consent. */
    private Browser entered(String query) throws Exception {
        Browser b = browser();
        b.get("/" + query);
        participantHtml.add(b.last.body());
        b.enter(query);
        participantHtml.add(b.last.body());
        return b;
    }

    @Test
    void wholeFlowStoresEveryAnswerTimingAndEventAndCompletes() throws Exception {
        Browser b = entered("");
        assertEquals(200, b.last.statusCode());
        assertEquals("Did you understand?", b.heading());
        String debrief = b.complete("fine").body();
        assertTrue(debrief.contains("Your completion code: <span class=\"code\">" + StudyFixture.CODE + "</span>"), debrief);
        assertTrue(debrief.contains("href=\"https://app.prolific.com/submissions/complete?cc=C0DE-123\""), debrief);
        assertTrue(debrief.contains("<meta http-equiv=\"refresh\" content=\"5;url=https://app.prolific.com/submissions/complete?cc=C0DE-123\">"), debrief);
        assertEquals(StudyFixture.ANSWERS_PER_PARTICIPANT, count("SELECT count(*) FROM answers"));
        assertEquals(1, count("SELECT count(*) FROM participants WHERE status = 'completed' AND finished_at IS NOT NULL AND page_index = 4"));
        assertEquals(4, count("SELECT count(*) FROM page_visits WHERE submitted_at >= shown_at"));
        assertEquals(1, count("SELECT count(*) FROM page_visits WHERE page_index = 0 AND page_id = 'consent' AND submitted_at >= shown_at"),
                "agreeing on the landing page submits the consent page");
        assertEquals(1, count("SELECT count(*) FROM page_visits WHERE page_index = 4 AND submitted_at IS NULL"));
        assertEquals(2 * Browser.REPORTS_PER_CLIP, count("SELECT count(*) FROM events WHERE playback_rate = 1"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE question_id = 'attn' AND correct = 1"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE question_id = 'trust' AND value = 'Agree' AND means = '4'"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE question_id = 'which' AND value = 'Agent 1' AND means = 'overfit' AND correct = 1"));
        // reloading the debrief shows it again; nothing changes
        b.get("/study");
        assertTrue(b.last.body().contains(StudyFixture.CODE));
        assertEquals(1, count("SELECT count(*) FROM participants"));
    }

    @Test
    void reloadAndReopeningResumeAtTheCurrentPage() throws Exception {
        Browser b = entered("");
        b.submit("understand", "Pong");
        b.expectPage(2);
        b.get("/study");
        b.expectPage(2);
        b.get("/");
        b.expectPage(2);
        Browser reopened = browser();
        reopened.cookie = b.cookie;
        reopened.get("/");
        reopened.expectPage(2);
        assertEquals(1, count("SELECT count(*) FROM participants"));
        // the first showing is kept
        assertEquals(1, count("SELECT count(*) FROM page_visits WHERE page_index = 2"));
    }

    @Test
    void prolificIdResumesOnAnyBrowserUntilFinishedThenAlreadyTookPart() throws Exception {
        Browser first = entered("?PROLIFIC_PID=pid_123&STUDY_ID=s1&SESSION_ID=x-9");
        first.expectPage(1);
        Browser second = entered("?PROLIFIC_PID=pid_123&STUDY_ID=s1&SESSION_ID=x-9");
        second.expectPage(1);
        assertEquals(1, count("SELECT count(*) FROM participants"));
        // the first browser's cookie was replaced: only the latest browser holds the session
        assertEquals(403, first.get("/study").statusCode());
        second.submit("understand", "Pong");
        second.expectPage(2);
        second.watchVideos();
        second.submit();
        second.submit(Browser.rateAnswers("ok"));
        assertTrue(second.last.body().contains(StudyFixture.CODE));
        Browser again = entered("?PROLIFIC_PID=pid_123");
        assertTrue(again.last.body().contains("You have already taken part"), again.last.body());
        assertEquals(1, count("SELECT count(*) FROM participants WHERE prolific_pid = 'pid_123' AND study_id = 's1' AND session_id = 'x-9'"));
        // the same browser (with its cookie) sees its debrief again
        second.get("/?PROLIFIC_PID=pid_123");
        assertTrue(second.last.body().contains(StudyFixture.CODE));
    }

    @Test
    void aBareProlificIdNeverMovesARunningSession() throws Exception {
        Browser owner = entered("?PROLIFIC_PID=bare_1");
        owner.expectPage(1);
        Browser other = browser();
        assertTrue(other.get("/?PROLIFIC_PID=bare_1").body().contains("Continue where you left off"));
        assertEquals(0, count("SELECT count(*) FROM reentries"), "showing the landing page records nothing");
        HttpResponse<String> r = other.enter("?PROLIFIC_PID=bare_1");
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(409, other.enter("?PROLIFIC_PID=bare_1&STUDY_ID=s1&SESSION_ID=guess").statusCode());
        owner.get("/study");
        owner.expectPage(1);
        assertEquals(2, count("SELECT count(*) FROM reentries WHERE outcome = 'refused-mismatch'"));
    }

    @Test
    void aProlificIdResumesOnlyWithItsOwnStudyAndSessionIdsAndEveryReentryIsRecorded() throws Exception {
        Browser owner = entered("?PROLIFIC_PID=pid_9&STUDY_ID=s1&SESSION_ID=x-1");
        owner.expectPage(1);
        for (String q : List.of("?PROLIFIC_PID=pid_9", "?PROLIFIC_PID=pid_9&STUDY_ID=s1&SESSION_ID=other", "?PROLIFIC_PID=pid_9&STUDY_ID=s2&SESSION_ID=x-1")) {
            Browser stranger = entered(q);
            assertEquals(409, stranger.last.statusCode(), q);
            assertTrue(stranger.last.body().contains("belongs to another session"), q);
            assertEquals(null, stranger.cookie, q);
        }
        // the owner keeps the session
        owner.get("/study");
        owner.expectPage(1);
        assertEquals(3, count("SELECT count(*) FROM reentries WHERE outcome = 'refused-mismatch' AND prolific_pid = 'pid_9'"));
        // the same link on another device resumes, and is recorded too
        Browser otherDevice = entered("?PROLIFIC_PID=pid_9&STUDY_ID=s1&SESSION_ID=x-1");
        otherDevice.expectPage(1);
        assertEquals(1, count("SELECT count(*) FROM reentries WHERE outcome = 'resumed' AND study_id = 's1' AND session_id = 'x-1'"
                + " AND user_agent IS NOT NULL AND at > 0"));
        assertEquals(1, count("SELECT count(*) FROM participants"));
    }

    @Test
    void invalidProlificParametersGetAFriendlyError() throws Exception {
        for (String q : List.of("?PROLIFIC_PID=", "?PROLIFIC_PID=a%20b", "?PROLIFIC_PID=" + "x".repeat(65), "?PROLIFIC_PID=ok&STUDY_ID=%3Cscript%3E")) {
            Browser b = entered(q);
            assertEquals(400, b.last.statusCode(), q);
            assertTrue(b.last.body().contains("This study link is not valid"), q);
        }
        assertEquals(0, count("SELECT count(*) FROM participants"));
    }

    @Test
    void aVisitCreatesNothingAndSetsNoCookie() throws Exception {
        for (String q : List.of("", "?PROLIFIC_PID=visitor&STUDY_ID=s1&SESSION_ID=x1")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + q)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), q);
            assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), q + ": " + r.headers().allValues("Set-Cookie"));
            assertTrue(r.body().contains("<h1>Consent</h1>") && r.body().contains("Please read this."), "the consent text: " + r.body());
            assertTrue(r.body().contains(">I agree</button>") && r.body().contains(">I do not agree</button>"), r.body());
            assertTrue(r.body().contains("<p class=\"study-title\">Which agent overfits?</p>"), r.body());
        }
        for (String table : List.of("participants", "page_visits", "reentries", "declines", "events")) {
            assertEquals(0, count("SELECT count(*) FROM " + table), table);
        }
    }

    /**
     * Each participant's device is a salted hash of address and user agent: the same for the same browser on the same
     * address, different for another browser, and behind a reverse proxy on this machine the forwarded address counts.
     */
    @Test
    void theDeviceIsAHashOfAddressAndUserAgent() throws Exception {
        List<String> devices = new ArrayList<>();
        for (String[] h : new String[][] {{"Firefox/128"}, {"Firefox/128"}, {"Chrome/131"}, {"Firefox/128", "203.0.113.7"}, {"Firefox/128", "203.0.113.8"}}) {
            Browser b = browser();
            b.headers.put("User-Agent", h[0]);
            if (h.length > 1) {
                b.headers.put("X-Forwarded-For", "10.0.0.1, " + h[1]);
            }
            b.get("/");
            b.enter("");
            devices.add(server.database().byToken(b.cookie).id() + "");
        }
        List<String> hashes = new ArrayList<>();
        for (String id : devices) {
            server.database().query("SELECT device FROM participants WHERE id = ?", List.of(Long.parseLong(id)), r -> hashes.add(r.getString(1)));
        }
        assertEquals(hashes.get(0), hashes.get(1), "the same browser on the same address");
        assertNotEquals(hashes.get(0), hashes.get(2), "another browser");
        assertNotEquals(hashes.get(3), hashes.get(4), "two clients behind a local proxy");
        assertNotEquals(hashes.get(0), hashes.get(3));
        for (String h : hashes) {
            assertTrue(h.matches("[A-Za-z0-9_-]{22}"), "a hash, no address: " + h);
        }
    }

    /** The landing page stands in for the arms' shared consent page, unless that page asks questions of its own. */
    @Test
    void aConsentPageWithQuestionsStaysTheStudysFirstPage() {
        List<org.atarisaliency.study.StudyDefinition.Arm> arms = StudyFixture.definition().arms();
        assertEquals("consent", StudyRoutes.commonConsent(arms).id());
        List<org.atarisaliency.study.StudyDefinition.Arm> asking = arms.stream().map(a -> {
            List<org.atarisaliency.study.StudyDefinition.Page> pages = new ArrayList<>(a.pages());
            org.atarisaliency.study.StudyDefinition.Page c = pages.get(0);
            pages.set(0, new org.atarisaliency.study.StudyDefinition.Page(c.id(), c.type(), c.block(), c.title(), c.text(), c.videos(),
                    c.requireEnd(), List.of(new org.atarisaliency.study.StudyDefinition.Question("over18", "choice", "Are you 18 or older?",
                            List.of(new org.atarisaliency.study.StudyDefinition.Option("Yes", "Yes"), new org.atarisaliency.study.StudyDefinition.Option("No", "No")),
                            null, true, false, null, null, null, null, null, null)), c.feedback(), c.button()));
            return new org.atarisaliency.study.StudyDefinition.Arm(a.id(), a.condition(), a.blockOrder(), a.labels(), pages);
        }).toList();
        assertEquals(null, StudyRoutes.commonConsent(asking), "its questions are answered on the page itself");
    }

    @Test
    void declineOnTheLandingPageMakesNoParticipantAndIsCounted() throws Exception {
        Browser b = browser();
        b.get("/?PROLIFIC_PID=decliner&STUDY_ID=s1&SESSION_ID=x1");
        b.pressStart("decline");
        assertTrue(b.last.body().contains("You chose not to take part"), b.last.body());
        assertEquals(null, b.cookie);
        assertEquals(0, count("SELECT count(*) FROM participants"));
        assertEquals(1, count("SELECT count(*) FROM declines WHERE prolific_pid = 'decliner' AND study_id = 's1' AND session_id = 'x1' AND at > 0"));
        // the arm balance did not move: the next participant still gets the first arm
        assertEquals("A", server.database().byToken(entered("").cookie).arm());
    }

    @Test
    void startNeedsAFreshTokenFromThisServerAndNoForeignOrigin() throws Exception {
        Browser b = browser();
        b.get("/");
        String token = b.last.body().replaceAll("(?s).*name=\"start\" value=\"([^\"]+)\".*", "$1");
        StartTokens tokens = new StartTokens(Tokens.derive(server.database().secret(), "start"));
        long now = System.currentTimeMillis();
        List<String> bad = List.of("", "12345", token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
                tokens.issue(now - StartTokens.VALID_MILLIS - 60_000), tokens.issue(now + 3_600_000),
                new StartTokens(new byte[32]).issue(now));
        for (String t : bad) {
            assertEquals(403, b.post("/start", Map.of("start", List.of(t), "action", List.of("agree"))).statusCode(), t);
        }
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/start"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.ofString("start=" + token + "&action=agree")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
        assertEquals(0, count("SELECT count(*) FROM participants"));
        // the browser's own form (Origin null under no-referrer, or this host) is fine
        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/start"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.ofString("start=" + token + "&action=agree")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, own.statusCode(), own.body());
        assertEquals(1, count("SELECT count(*) FROM participants WHERE page_index = 1"));
    }

    private Browser atRatePage() throws Exception {
        Browser b = entered("");
        b.submit("understand", "Pong");
        b.watchVideos();
        b.submit();
        b.expectPage(3);
        return b;
    }

    @Test
    void invalidAnswersAreRejectedAndNothingIsStored() throws Exception {
        Browser b = atRatePage();
        long before = count("SELECT count(*) FROM answers");
        List<String[]> bad = List.of(
                replace(Browser.rateAnswers("x"), "which", "Agent 3"),
                replace(Browser.rateAnswers("x"), "trust", "4"),
                replace(Browser.rateAnswers("x"), "confidence", "73"),
                replace(Browser.rateAnswers("x"), "confidence", "105"),
                replace(Browser.rateAnswers("x"), "confidence", "NaN"),
                replace(Browser.rateAnswers("x"), "confidence", "1e400"),
                replace(Browser.rateAnswers("x"), "attn", ""),
                Browser.rateAnswers("y".repeat(501)),
                concat(Browser.rateAnswers("x"), "which", "Agent 2"));
        for (String[] answers : bad) {
            b.submit(answers);
            assertEquals(422, b.last.statusCode(), Arrays.toString(answers));
            b.expectPage(3);
            assertEquals(before, count("SELECT count(*) FROM answers"), Arrays.toString(answers));
        }
        b.submit(replace(Browser.rateAnswers("z".repeat(500)), "confidence", "0"));
        assertTrue(b.last.body().contains(StudyFixture.CODE));
        assertEquals(before + 5, count("SELECT count(*) FROM answers"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE question_id = 'confidence' AND value = '0'"));
    }

    @Test
    void optionalTextMayBeLeftEmptyAndFailedAttentionNeverBlocks() throws Exception {
        Browser b = atRatePage();
        b.submit(replace(replace(Browser.rateAnswers(""), "attn", "Red"), "confidence", "100"));
        assertTrue(b.last.body().contains(StudyFixture.CODE));
        assertEquals(0, count("SELECT count(*) FROM answers WHERE question_id = 'why'"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE question_id = 'attn' AND correct = 0"));
    }

    @Test
    void aWrongCheckIsStoredAsAnAttemptAndShowsFeedbackUntilRight() throws Exception {
        Browser b = entered("");
        b.submit("understand", "Chess");
        assertEquals(200, b.last.statusCode());
        b.expectPage(1);
        assertTrue(b.last.body().contains("Not quite: they play Pong."));
        b.submit("understand", "Chess");
        b.submit("understand", "Pong");
        b.expectPage(2);
        assertEquals(3, count("SELECT count(*) FROM answers WHERE page_id = 'check'"));
        assertEquals(2, count("SELECT count(*) FROM answers WHERE page_id = 'check' AND correct = 0"));
        assertEquals(1, count("SELECT count(*) FROM answers WHERE page_id = 'check' AND correct = 1 AND attempt = 3"));
    }

    @Test
    void missingOrWrongCsrfIsRefusedAndNothingStored() throws Exception {
        Browser b = entered("");
        Map<String, List<String>> noCsrf = b.form("understand", "Pong");
        noCsrf.remove("csrf");
        assertEquals(403, b.post("/study", noCsrf).statusCode());
        b.get("/study");
        Map<String, List<String>> wrong = b.form("understand", "Pong");
        wrong.put("csrf", List.of((b.csrf().charAt(0) == 'A' ? "B" : "A") + b.csrf().substring(1)));
        assertEquals(403, b.post("/study", wrong).statusCode());
        // another participant's token is no good either
        Browser other = entered("");
        b.get("/study");
        Map<String, List<String>> foreign = b.form("understand", "Pong");
        foreign.put("csrf", List.of(other.csrf()));
        assertEquals(403, b.post("/study", foreign).statusCode());
        assertEquals(0, count("SELECT count(*) FROM answers"));
        b.get("/study");
        b.expectPage(1);
        assertEquals(403, b.postRaw("/event", "application/json", "{\"page\":1,\"video\":\"Agent 1\",\"event\":\"play\"}",
                Map.of("X-CSRF-Token", "nope")).statusCode());
        assertEquals(0, count("SELECT count(*) FROM events"));
        // no session at all
        Browser stranger = browser();
        assertEquals(403, stranger.post("/study", Map.of("page", List.of("0"))).statusCode());
    }

    @Test
    void aRepeatedSubmitOfAnEarlierPageIsIgnored() throws Exception {
        Browser b = entered("");
        Map<String, List<String>> form = b.form("understand", "Pong", "action", "next");
        b.post("/study", form);
        b.expectPage(2);
        b.post("/study", form);
        b.expectPage(2);
        assertEquals(1, count("SELECT count(*) FROM answers"));
        assertEquals(1, count("SELECT count(*) FROM participants WHERE page_index = 2"));
    }

    @Test
    void requireEndIsEnforcedByTheServerFromPlaybackCoverage() throws Exception {
        Browser b = atVideoPage();
        assertTrue(b.last.body().contains("id=\"next\" type=\"submit\" name=\"action\" value=\"next\" disabled"), "button starts disabled");
        assertTrue(b.last.body().contains("playsinline"));
        b.submit();
        assertEquals(422, b.last.statusCode());
        b.expectPage(2);
        // a forged ended without play, and play then ended at once after a seek to the end, do not count
        b.event("Agent 1", "ended", 0.5);
        b.event("Agent 2", "play", 0);
        b.event("Agent 2", "seeked", 0.4);
        b.event("Agent 2", "ended", 0.5);
        b.submit();
        assertEquals(422, b.last.statusCode());
        assertTrue(b.last.body().contains("Please watch the parts of Agent 1&#39;s clip and Agent 2&#39;s clip you skipped"), b.last.body());
        // Agent 1 played at double speed: not counted either
        b.event("Agent 1", "play", 0, 2);
        for (int i = 1; i <= 5; i++) {
            Thread.sleep(50);
            b.event("Agent 1", "time", i * 0.1, 2);
        }
        b.submit();
        assertTrue(b.last.body().contains("Agent 1&#39;s clip"), b.last.body());
        assertEquals(400, b.event("Agent 3", "ended", 2).statusCode());
        assertEquals(400, b.event("Agent 2", "hacked", 2).statusCode());
        // Agent 2's first 0.4 s at normal speed: with the last 0.1 s it saw, the whole clip
        b.event("Agent 2", "play", 0);
        for (int i = 1; i <= 4; i++) {
            Thread.sleep(100);
            b.event("Agent 2", "time", i * 0.1);
        }
        b.event("Agent 2", "pause", 0.4);
        b.submit();
        assertEquals(422, b.last.statusCode());
        assertTrue(b.last.body().contains("Please watch the parts of Agent 1&#39;s clip you skipped"), b.last.body());
        assertTrue(b.last.body().contains("data-label=\"Agent 2\" data-watched=\"0.00-0.50\""), "the watched parts are marked for study.js");
        assertTrue(b.last.body().contains("value=\"next\" disabled"), "one clip still to watch");
        b.watchVideos();
        // a reload after watching both: the page must not ask for them again
        b.get("/study");
        assertTrue(b.last.body().contains("id=\"next\" type=\"submit\" name=\"action\" value=\"next\">"), "button enabled after a reload");
        assertTrue(b.last.body().contains("id=\"watch-hint\" class=\"small\" hidden>"));
        assertTrue(b.last.body().contains("<p class=\"watch-progress small\" aria-live=\"polite\">watched</p>"), b.last.body());
        b.submit();
        b.expectPage(3);
        // events for a page the participant is not on are refused
        assertEquals(409, b.postRaw("/event", "application/json", "{\"page\":2,\"video\":\"Agent 1\",\"event\":\"play\"}",
                Map.of("X-CSRF-Token", b.csrf())).statusCode());
    }

    @Test
    void theVideoPageNamesNoAgentFileOrConditionAndOffersNoDownload() throws Exception {
        Browser b = atVideoPage();
        String html = b.last.body();
        assertTrue(html.contains("controlslist=\"nodownload noplaybackrate noremoteplayback\" disablepictureinpicture disableremoteplayback"), html);
        for (String secret : List.of("\\boverfit\\b", "\\bcontrol\\b", "\\.mp4", "videos/", "saliency", "\"A\"", "\"B\"", "\\bwith(out)?\\b")) {
            assertFalse(java.util.regex.Pattern.compile(secret).matcher(html).find(), secret + " in " + html);
        }
    }

    private Browser atVideoPage() throws Exception {
        Browser b = entered("");
        b.submit("understand", "Pong");
        b.expectPage(2);
        return b;
    }

    @Test
    void adminNeedsTheTokenWhichNeverAppearsOnParticipantPages() throws Exception {
        Browser b = entered("");
        participantHtml.add(b.complete("done").body());
        Browser admin = browser();
        HttpResponse<String> signIn = admin.get("/admin");
        assertEquals(401, signIn.statusCode());
        assertTrue(signIn.body().contains("<form method=\"post\" action=\"/admin\">"), signIn.body());
        // the token is never taken from a URL, not even the right one
        assertEquals(400, admin.get("/admin?token=" + server.adminToken()).statusCode());
        assertEquals(401, adminSignIn("wrong").statusCode());
        assertEquals(401, adminSignIn(server.adminToken().substring(1)).statusCode());
        HttpResponse<String> signedIn = adminSignIn(server.adminToken());
        assertEquals(303, signedIn.statusCode());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains(server.adminToken()), "the cookie is a session of its own, not the token");
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin"))
                .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<td>A</td><td>with</td><td>1</td><td>1</td><td>0</td><td>0</td>"), ok.body());
        assertTrue(ok.body().contains("journal_mode=wal synchronous=2"), ok.body());
        HttpResponse<String> bearer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin"))
                .header("Authorization", "Bearer " + server.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, bearer.statusCode());
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin"))
                .header("Cookie", AdminAccess.COOKIE + "=" + server.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());
        for (String html : participantHtml) {
            assertFalse(html.contains(server.adminToken()));
            assertFalse(html.contains("/admin"));
        }
        assertFalse(b.last.body().contains(server.adminToken()));
    }

    private HttpResponse<String> adminSignIn(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(Map.of("token", List.of(token))))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void weakAdminTokensAreRefused() {
        for (String weak : new String[]{"0123456789abcdef", "a".repeat(40), "abababababababababababababababababab", "has space " + "x".repeat(30)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StudyServer.start(studyDir, work.resolve("weak.sqlite"), "127.0.0.1", 0, weak).close(), weak);
            assertTrue(e.getMessage().startsWith("the admin token"), e.getMessage());
        }
    }

    @Test
    void studyTextAndEchoedAnswersAreEscaped() throws Exception {
        Browser b = browser();
        String html = b.get("/").body();
        b.enter("");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), html);
        assertFalse(html.contains("<script>alert"));
        b.submit("understand", "Pong");
        b.watchVideos();
        b.submit();
        String evil = "</textarea><script>alert(1)</script>";
        b.submit(replace(Browser.rateAnswers(evil), "which", "nobody"));
        assertEquals(422, b.last.statusCode());
        assertTrue(b.last.body().contains("&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"), b.last.body());
        assertFalse(b.last.body().contains(evil));
    }

    @Test
    void securityHeadersAndTheSessionCookie() throws Exception {
        Browser b = browser();
        b.get("/");
        String start = b.last.body().replaceAll("(?s).*name=\"start\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> entry = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/start"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("start=" + start + "&action=agree"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, entry.statusCode());
        String cookie = entry.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && cookie.contains("; Path=/"), cookie);
        String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertTrue(token.length() >= 22, "128 bits");
        b.cookie = token;
        HttpResponse<String> page = b.get("/study");
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe"), csp);
        assertFalse(page.body().contains("<script>"), "no inline script");
        assertTrue(page.body().contains("<script src=\"/static/study.js\" defer></script>"));
        assertEquals(200, b.get("/static/study.js").statusCode());
        assertTrue(b.last.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        // the token is stored only hashed
        assertEquals(0, count("SELECT count(*) FROM participants WHERE token_hash = ?", token));
        assertEquals(1, count("SELECT count(*) FROM participants WHERE token_hash = ?", Tokens.sha256(token)));
    }

    @Test
    void unknownPagesGetAPlainNotFoundPage() throws Exception {
        Browser b = browser();
        assertEquals(404, b.get("/nope").statusCode());
        assertTrue(b.last.body().contains("This page does not exist."), b.last.body());
        assertFalse(b.last.body().contains("Exception"));
    }

    @Test
    void anInternalErrorShowsAReferenceAndNoStackTrace() throws Exception {
        Browser b = entered("");
        server.database().close();
        b.get("/study");
        assertEquals(500, b.last.statusCode());
        assertTrue(b.last.body().contains("mention the reference"), b.last.body());
        assertFalse(b.last.body().contains("Exception") || b.last.body().contains("SQL") || b.last.body().contains("at org."), b.last.body());
    }

    @Test
    void anOversizedBodyIsRefusedWith413() throws Exception {
        Browser b = entered("");
        b.submit("understand", "Chess", "padding", "p".repeat(70_000));
        assertEquals(413, b.last.statusCode());
        assertEquals(0, count("SELECT count(*) FROM answers"));
        b.get("/study");
        b.expectPage(1);
        HttpResponse<String> event = b.postRaw("/event", "application/json", "{\"page\":1,\"pad\":\"" + "p".repeat(5000) + "\"}",
                Map.of("X-CSRF-Token", b.csrf()));
        assertEquals(413, event.statusCode());
    }

    @Test
    void onlyWhitelistedMediaAreServed() throws Exception {
        String good = mediaUrl("videos/overfit.saliency.mp4");
        for (String path : List.of("/media/../study.json", "/media/..%2Fstudy.json", "/media/study.json", "/media/videos%2Foverfit.saliency.mp4",
                "/media/%2e%2e/%2e%2e/etc/passwd", good.substring(0, good.length() - 1), good + "A", "/media/")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains("fixture-study"), path);
            assertFalse(r.body().contains("root:"), path);
        }
    }

    @Test
    void mediaHaveOpaqueIdsStableAcrossRestartsAndDifferentPerDatabase() throws Exception {
        String file = "videos/overfit.saliency.mp4";
        String url = mediaUrl(file);
        assertTrue(url.matches("/media/[A-Za-z0-9_-]{22}"), url);
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertArrayEquals(Files.readAllBytes(studyDir.resolve(file)), r.body());
        assertTrue(r.headers().firstValue("Content-Disposition").isEmpty(), "no file name offered");
        for (List<String> values : r.headers().map().values()) {
            for (String v : values) {
                assertFalse(v.contains("overfit") || v.contains(".mp4") || v.contains("videos"), v);
            }
        }
        // the old address that named the file is gone
        assertEquals(404, browser().get("/video/" + file).statusCode());
        server.close();
        server = StudyServer.start(studyDir, work.resolve("study.db"), "127.0.0.1", 0, null);
        assertEquals(url, mediaUrl(file), "the same database: the same id after a restart");
        try (StudyServer.Running other = StudyServer.start(studyDir, work.resolve("other.db"), "127.0.0.1", 0, null)) {
            String otherUrl = "/media/" + MediaIds.id(Tokens.derive(other.database().secret(), "media"), file);
            assertNotEquals(url, otherUrl, "another database: other ids");
            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    /** The URL the server gives a study.json media file. */
    private String mediaUrl(String file) {
        return MediaIds.PREFIX + MediaIds.id(Tokens.derive(server.database().secret(), "media"), file);
    }

    @Test
    void videosAnswerRangeRequestsWithTheRightBytes() throws Exception {
        byte[] file = Files.readAllBytes(studyDir.resolve("videos/overfit.saliency.mp4"));
        String url = "http://127.0.0.1:" + server.port() + mediaUrl("videos/overfit.saliency.mp4");
        HttpResponse<byte[]> whole = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertEquals("video/mp4", whole.headers().firstValue("Content-Type").orElse(""));
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        assertArrayEquals(file, whole.body());
        HttpResponse<byte[]> part = range(url, "bytes=10-99");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 10-99/" + file.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(file, 10, 100), part.body());
        HttpResponse<byte[]> open = range(url, "bytes=100-");
        assertEquals(206, open.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, 100, file.length), open.body());
        HttpResponse<byte[]> suffix = range(url, "bytes=-16");
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(file, file.length - 16, file.length), suffix.body());
        HttpResponse<byte[]> beyond = range(url, "bytes=" + file.length + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + file.length, beyond.headers().firstValue("Content-Range").orElse(""));
    }

    private static HttpResponse<byte[]> range(String url, String range) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Range", range).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void newParticipantsGoToTheLeastFilledArmInStudyOrder() throws Exception {
        List<String> arms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entered("");
            server.database().query("SELECT arm FROM participants ORDER BY id DESC LIMIT 1", List.of(), r -> arms.add(r.getString(1)));
        }
        assertEquals(List.of("A", "B", "A", "B", "A", "B"), arms);
        // a declined participation (possible where the consent page is not the landing page) does not count
        server.database().query("UPDATE participants SET status = 'declined' WHERE id = 1 RETURNING id", List.of(), r -> { });
        entered("");
        assertEquals(4, count("SELECT count(*) FROM participants WHERE arm = 'A'"));
        assertEquals(3, count("SELECT count(*) FROM participants WHERE arm = 'B'"));
    }

    private static String[] replace(String[] answers, String key, String value) {
        String[] copy = answers.clone();
        for (int i = 0; i < copy.length; i += 2) {
            if (copy[i].equals(key)) {
                copy[i + 1] = value;
            }
        }
        return copy;
    }

    private static String[] concat(String[] answers, String key, String value) {
        String[] copy = Arrays.copyOf(answers, answers.length + 2);
        copy[answers.length] = key;
        copy[answers.length + 1] = value;
        return copy;
    }
}
