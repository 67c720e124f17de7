package org.atarisaliency.study.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated participant's browser: keeps the session cookie itself (so many browsers can share one
 * HttpClient), follows 303 redirects with GET, and knows how to answer the fixture study's pages.
 */
final class Browser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern PAGE = Pattern.compile("data-page=\"(\\d+)\"");
    private static final Pattern H1 = Pattern.compile("<h1>(.*?)</h1>");

    private final HttpClient http;
    private final String base;
    String cookie;
    /** The last response (after redirects). */
    HttpResponse<String> last;
    /** The status of the last POST itself (303: acknowledged), set before its redirect is followed; -1 while none came. */
    int postStatus = -1;
    /** How long each page submit took, POST and the GET of the next page together, in nanoseconds. */
    final List<Long> submitNanos = new ArrayList<>();

    /** Extra headers sent with every request (a User-Agent, an X-Forwarded-For), empty by default. */
    final Map<String, String> headers = new java.util.LinkedHashMap<>();

    Browser(HttpClient http, int port) {
        this.http = http;
        this.base = "http://127.0.0.1:" + port;
    }

    static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, List<String>> form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    HttpResponse<String> postRaw(String path, String contentType, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        b.timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        if (cookie != null) {
            b.header("Cookie", StudyRoutes.COOKIE + "=" + cookie);
        }
        postStatus = -1;
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        takeCookie(r);
        postStatus = r.statusCode();
        if (r.statusCode() == 303 || r.statusCode() == 302) {
            String location = r.headers().firstValue("Location").orElseThrow();
            URI next = URI.create(base).resolve(location);
            HttpRequest.Builder g = HttpRequest.newBuilder(next).GET().timeout(Duration.ofSeconds(20));
            if (cookie != null) {
                g.header("Cookie", StudyRoutes.COOKIE + "=" + cookie);
            }
            r = http.send(g.build(), HttpResponse.BodyHandlers.ofString());
            takeCookie(r);
        }
        last = r;
        return r;
    }

    private void takeCookie(HttpResponse<?> r) {
        for (String h : r.headers().allValues("Set-Cookie")) {
            if (h.startsWith(StudyRoutes.COOKIE + "=")) {
                cookie = h.substring(StudyRoutes.COOKIE.length() + 1, h.indexOf(';'));
            }
        }
    }

    static String encode(Map<String, List<String>> form) {
        List<String> parts = new ArrayList<>();
        form.forEach((k, vs) -> vs.forEach(v -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return String.join("&", parts);
    }

    private static final Pattern START_FIELD = Pattern.compile("<input type=\"hidden\" name=\"(start|PROLIFIC_PID|STUDY_ID|SESSION_ID)\" value=\"([^\"]*)\">");

    /**
     * Opens the study link ({@code /} and {@code query}) and, when it shows the landing page, presses its main button
     * (I agree, Start or Continue): how a participant enters. Returns the page reached.
     */
    HttpResponse<String> enter(String query) throws IOException, InterruptedException {
        get("/" + query);
        String body = last.body();
        String action = body.contains("value=\"agree\"") ? "agree" : body.contains("value=\"continue\"") ? "continue" : "start";
        return body.contains("action=\"/start\"") ? pressStart(action) : last;
    }

    /** On the landing page: posts its start form with {@code action} (agree, decline, start, continue). */
    HttpResponse<String> pressStart(String action) throws IOException, InterruptedException {
        Map<String, List<String>> f = new LinkedHashMap<>();
        Matcher m = START_FIELD.matcher(last.body());
        while (m.find()) {
            f.put(m.group(1), List.of(m.group(2)));
        }
        check(f.containsKey("start"), "a landing page with a start token: " + last.body());
        f.put("action", List.of(action));
        return post("/start", f);
    }

    String csrf() {
        Matcher m = CSRF.matcher(last.body());
        return m.find() ? m.group(1) : null;
    }

    int page() {
        Matcher m = PAGE.matcher(last.body());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    String heading() {
        Matcher m = H1.matcher(last.body());
        return m.find() ? m.group(1) : null;
    }

    /** A form for the current page with the csrf and page fields, plus the given fields. */
    Map<String, List<String>> form(String... keyValues) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("csrf", List.of(csrf()));
        f.put("page", List.of(Integer.toString(page())));
        for (int i = 0; i < keyValues.length; i += 2) {
            f.computeIfAbsent(keyValues[i], k -> new ArrayList<>()).add(keyValues[i + 1]);
        }
        return f;
    }

    HttpResponse<String> submit(String... keyValues) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/study", form(keyValues));
        submitNanos.add(System.nanoTime() - t0);
        return r;
    }

    HttpResponse<String> event(String video, String event, double mediaTime) throws IOException, InterruptedException {
        return event(video, event, mediaTime, 1.0);
    }

    HttpResponse<String> event(String video, String event, double mediaTime, double playbackRate) throws IOException, InterruptedException {
        String json = "{\"page\":" + page() + ",\"video\":\"" + video + "\",\"event\":\"" + event + "\",\"mediaTime\":" + mediaTime
                + ",\"playbackRate\":" + playbackRate + ",\"clientTime\":" + System.currentTimeMillis() + "}";
        String csrf = csrf();
        // do not replace `last`: the page stays the one shown
        HttpResponse<String> keep = last;
        HttpResponse<String> r = postRaw("/event", "application/json", json, Map.of("X-CSRF-Token", csrf));
        last = keep;
        return r;
    }

    /** Reports per clip when the fixture's clips are played through at normal speed: play, a time report every 0.1 s, ended. */
    static final int REPORTS_PER_CLIP = 2 + (int) (StudyFixture.VIDEO_MILLIS / 100);

    /** Plays both fixture videos on the current page to their end, as a participant's browser reports it (play, time reports in real time, ended). */
    void watchVideos() throws IOException, InterruptedException {
        List<String> clips = List.of("Agent 1", "Agent 2");
        for (String v : clips) {
            check(event(v, "play", 0).statusCode() == 204, "play event accepted");
        }
        for (long ms = 100; ms <= StudyFixture.VIDEO_MILLIS; ms += 100) {
            Thread.sleep(100);
            for (String v : clips) {
                check(event(v, "time", ms / 1000.0).statusCode() == 204, "time report accepted");
            }
        }
        for (String v : clips) {
            check(event(v, "ended", StudyFixture.VIDEO_MILLIS / 1000.0).statusCode() == 204, "ended event accepted");
        }
    }

    /** The answers the fixture's questions page takes, with this free text. */
    static String[] rateAnswers(String why) {
        return new String[]{"which", "Agent 1", "trust", "Agree", "confidence", "75", "why", why, "attn", "Blue", "action", "next"};
    }

    /** Goes through the whole fixture study from the page after consent (where {@link #enter} leads); returns the debrief page. */
    HttpResponse<String> complete(String why) throws IOException, InterruptedException {
        expectPage(1);
        submit("understand", "Pong", "action", "next");
        expectPage(2);
        watchVideos();
        submit("action", "next");
        expectPage(3);
        submit(rateAnswers(why));
        check(last.body().contains(StudyFixture.CODE), "debrief with the code: " + last.body());
        return last;
    }

    void expectPage(int index) {
        check(page() == index, "expected page " + index + ", got " + page() + " (" + last.statusCode() + "): " + heading());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
