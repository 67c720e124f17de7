package org.atarisaliency.study.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.atarisaliency.study.StudyDefinition.Arm;
import org.atarisaliency.study.StudyDefinition.Page;
import org.atarisaliency.study.StudyDefinition.Video;

/** The HTTP handlers. Every participant is resolved from the session cookie, and every query is keyed by that participant. */
final class StudyRoutes {
    static final String COOKIE = "study_session";
    private static final int COOKIE_DAYS = 14;
    private static final Pattern PROLIFIC_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> EVENTS = Set.of("play", "pause", "ended", "seeked", "time", "ratechange");
    private static final int MAX_EVENT_BYTES = 4096;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyFolder study;
    private final StudyDatabase db;
    private final AdminAccess admin;
    private final ServerLimits limits;
    private final ArrivalLimit newParticipants;
    private final MediaIds media;
    private final Pages pages;
    private final StartTokens startTokens;
    /** The key of the participants' device hashes ({@link #device}). */
    private final byte[] deviceKey;
    /** The consent page every arm starts with (the landing page shows it), or null when the arms do not share one. */
    private final Page consent;
    private final byte[] script;
    private final byte[] style;

    StudyRoutes(StudyFolder study, StudyDatabase db, String adminToken, ServerLimits limits) throws IOException {
        this.study = study;
        this.limits = limits;
        this.newParticipants = new ArrivalLimit(limits.newParticipantsPerClient(), limits.newParticipantWindow().toMillis());
        this.db = db;
        this.admin = new AdminAccess(adminToken);
        this.media = new MediaIds(Tokens.derive(db.secret(), "media"), study.videos());
        this.pages = new Pages(study.definition(), media);
        this.startTokens = new StartTokens(Tokens.derive(db.secret(), "start"));
        this.deviceKey = Tokens.derive(db.secret(), "device");
        this.consent = commonConsent(study.definition().arms());
        this.script = resource("study.js");
        this.style = resource("study.css");
    }

    /** A file beside this class (study.js, study.css). */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = StudyRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    void register(RoutesConfig r) {
        r.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
        });
        r.get("/", this::landing);
        r.post("/start", this::start);
        r.get("/study", this::showPage);
        r.post("/study", this::submitPage);
        r.post("/event", this::event);
        r.get(MediaIds.PREFIX + "{id}", this::media);
        r.get("/static/study.js", ctx -> asset(ctx, script, "text/javascript; charset=utf-8"));
        r.get("/static/study.css", ctx -> asset(ctx, style, "text/css; charset=utf-8"));
        r.get("/admin", this::admin);
        r.post("/admin", this::adminSignIn);
    }

    // ---- entry ------------------------------------------------------------------------------------------

    /** The first page of every arm when it is the same consent page in all of them (what the landing page may show); else null. */
    static Page commonConsent(List<Arm> arms) {
        Page first = arms.get(0).pages().get(0);
        for (Arm a : arms) {
            Page p = a.pages().get(0);
            // a consent page with questions of its own is not the landing page's to answer: it stays the study's first page
            boolean same = "consent".equals(p.type()) && p.id().equals(first.id()) && java.util.Objects.equals(p.title(), first.title())
                    && java.util.Objects.equals(p.text(), first.text()) && StudyFolder.nonNull(p.questions()).isEmpty();
            if (!same) {
                return null;
            }
        }
        return first;
    }

    /** The Prolific parameters of a request (query or form), or null after answering 400 when one is malformed. */
    private String[] prolificIds(Context ctx, java.util.function.Function<String, String> param) {
        String[] ids = {param.apply("PROLIFIC_PID"), param.apply("STUDY_ID"), param.apply("SESSION_ID")};
        for (String v : ids) {
            if (v != null && !PROLIFIC_ID.matcher(v).matches()) {
                ctx.status(400).html(pages.message("Invalid study link", "This study link is not valid. Please open it again from Prolific."));
                return null;
            }
        }
        return ids;
    }

    /** Whether this browser's cookie already holds the session the link is for: it goes back to its page. */
    private boolean sameBrowser(Context ctx, String pid) {
        Participant current = participant(ctx);
        boolean same = current != null && (pid != null ? pid.equals(current.prolificPid()) : !current.finished());
        if (same) {
            ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
        }
        return same;
    }

    /**
     * GET /: the landing page. It writes nothing and sets no cookie (a link preview, a health check or a crawler
     * makes no participant): the study's title and its consent text (or a plain start button), or "continue where
     * you left off" for a known Prolific id in progress, or "already taken part" for a finished one.
     */
    private void landing(Context ctx) {
        String[] ids = prolificIds(ctx, ctx::queryParam);
        if (ids == null || sameBrowser(ctx, ids[0])) {
            return;
        }
        Participant known = ids[0] == null ? null : db.byProlificPid(ids[0]);
        if (known != null && known.finished()) {
            ctx.html(alreadyTookPart());
            return;
        }
        ctx.html(pages.landing(known != null ? null : consent, known != null, ids, startTokens.issue(System.currentTimeMillis())));
    }

    private String alreadyTookPart() {
        return pages.message("You have already taken part", "You have already taken part in this study. Thank you!");
    }

    /**
     * POST /start, from the landing page: "I agree" (or start, or continue) makes the participant (or resumes a
     * Prolific id under the re-entry rules) and goes to the study; "I do not agree" makes no participant and is
     * counted in the declines table. Needs a start token this server issued (and refuses another site's Origin).
     */
    private void start(Context ctx) {
        Map<String, List<String>> form = ctx.formParamMap();
        String[] ids = prolificIds(ctx, k -> single(form, k));
        if (ids == null) {
            return;
        }
        long now = System.currentTimeMillis();
        Long shownAt = startTokens.issuedAt(single(form, "start"), now);
        if (shownAt == null || crossOrigin(ctx)) {
            ctx.status(403).html(pages.message("Page expired", "This start page has expired. Please open the study link again."));
            return;
        }
        if (sameBrowser(ctx, ids[0])) {
            return;
        }
        if ("decline".equals(single(form, "action"))) {
            db.recordDecline(now, ids[0], ids[1], ids[2]);
            ctx.html(pages.message("Thank you", "You chose not to take part. Thank you for your time; you can close this page now."));
            return;
        }
        boolean isNew = ids[0] == null || db.byProlificPid(ids[0]) == null;
        if (isNew && !newParticipants.admit(clientAddress(ctx), now)) {
            ctx.status(429).html(pages.message("Please try again later",
                    "Too many people have started the study from your network just now. Please try again in a few minutes."));
            return;
        }
        StudyDatabase.Entry entry = db.enter(ids[0], ids[1], ids[2], ctx.userAgent(), device(ctx), study.definition().arms(), now,
                consent == null ? null : shownAt);
        switch (entry.outcome()) {
            case REFUSED_FINISHED -> ctx.html(alreadyTookPart());
            case REFUSED_MISMATCH -> ctx.status(409).html(pages.message("This study link belongs to another session",
                    "Your Prolific ID is already taking part through another study session, so this link cannot continue it. Please open the"
                            + " study from the Prolific submission you started with; if you think this is a mistake, contact the researchers."));
            default -> {
                setCookie(ctx, entry.token());
                ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
            }
        }
    }

    /**
     * Whether the request names another site as its Origin. Browsers send "null" for a form posted under our
     * Referrer-Policy no-referrer, and a proxy in front may change the scheme, so only the host is compared.
     */
    static boolean crossOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return false;
        }
        try {
            String host = java.net.URI.create(origin).getAuthority();
            return host == null || !host.equalsIgnoreCase(ctx.header("Host"));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * The client's device as the exclusion rule {@code duplicate_devices} compares it: a salted hash (keyed by this database's
     * secret, so it names no address) of the client's address ({@link #clientAddress}) and user agent.
     */
    private String device(Context ctx) {
        return Tokens.hmac(deviceKey, clientAddress(ctx) + "\n" + (ctx.userAgent() == null ? "" : ctx.userAgent())).substring(0, MediaIds.ID_CHARS);
    }

    /**
     * The client's address: the peer's, or, when the peer is a reverse proxy on this machine (loopback, as in the
     * README's Caddy recipe), the last address of its X-Forwarded-For header (the one the proxy itself added).
     */
    static String clientAddress(Context ctx) {
        String address = ctx.ip();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank() && isLoopback(address)) {
            String[] hops = forwarded.split(",");
            address = hops[hops.length - 1].strip();
        }
        return address;
    }

    private static boolean isLoopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();   // a literal address: no name lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void setCookie(Context ctx, String token) {
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; Max-Age=" + COOKIE_DAYS * 86400 + "; HttpOnly; SameSite=Lax"
                + (secure(ctx) ? "; Secure" : ""));
    }

    /** Whether the request came over HTTPS (directly, or through a reverse proxy that says so): cookies are then Secure. */
    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private Participant participant(Context ctx) {
        return db.byToken(ctx.cookie(COOKIE));
    }

    private boolean noSession(Context ctx, Participant p) {
        if (p != null) {
            return false;
        }
        ctx.status(403).html(pages.message("Session not found",
                "We could not find your session. Please open the study link again (cookies must be enabled)."));
        return true;
    }

    // ---- pages ------------------------------------------------------------------------------------------

    private void showPage(Context ctx) {
        Participant p = participant(ctx);
        if (noSession(ctx, p)) {
            return;
        }
        if (Participant.DECLINED.equals(p.status())) {
            ctx.html(pages.message("Thank you", "You chose not to take part. Thank you for your time; you can close this page now."));
            return;
        }
        Page page = pageOf(p);
        db.pageShown(p.id(), p.pageIndex(), page.id(), System.currentTimeMillis());
        ctx.html("debrief".equals(page.type()) ? pages.debrief(page) : pages.page(page, p.pageIndex(), p.csrf(), null, null, Map.of(), coverage(p, page)));
    }

    private Page pageOf(Participant p) {
        Arm arm = study.definition().arm(p.arm());
        if (arm == null) {
            throw new IllegalStateException("participant " + p.id() + " has arm '" + p.arm() + "', which the study does not have");
        }
        return arm.pages().get(Math.min(p.pageIndex(), arm.pages().size() - 1));
    }

    private void submitPage(Context ctx) {
        Participant p = participant(ctx);
        if (noSession(ctx, p)) {
            return;
        }
        Map<String, List<String>> form = ctx.formParamMap();
        if (!Tokens.same(p.csrf(), single(form, "csrf"))) {
            ctx.status(403).html(pages.message("Page expired", "This page has expired. Please reload the page and try again."));
            return;
        }
        Integer index = parseIndex(single(form, "page"));
        Arm arm = study.definition().arm(p.arm());
        if (p.finished() || index == null || index != p.pageIndex() || index >= arm.pages().size()) {
            // a repeated or stale submit (back button, double click): nothing to store, show where the participant is
            ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Page page = arm.pages().get(index);
        long now = System.currentTimeMillis();
        if ("debrief".equals(page.type())) {
            ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        if ("consent".equals(page.type())) {
            if ("decline".equals(single(form, "action"))) {
                db.decline(p.id(), index, now);
                ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            if (!"agree".equals(single(form, "consent"))) {
                reject(ctx, page, p, "Please tick \"I agree\" to take part, or choose \"I do not agree\".", form);
                return;
            }
        }
        if (page.requireEnd()) {
            Map<String, WatchCoverage.Coverage> watched = coverage(p, page);
            List<String> missing = StudyFolder.nonNull(page.videos()).stream().map(Video::label).filter(l -> !watched.get(l).complete()).toList();
            if (!missing.isEmpty()) {
                reject(ctx, page, p, "Please watch the parts of " + missing.stream().map(l -> l + "'s clip").collect(java.util.stream.Collectors.joining(" and "))
                        + " you skipped (each clip must be played through at normal speed before you continue).", form);
                return;
            }
        }
        AnswerValidator.Result result = AnswerValidator.check(page, form);
        if (!result.valid()) {
            reject(ctx, page, p, result.error(), form);
            return;
        }
        boolean retry = "check".equals(page.type()) && result.blockingWrong();
        boolean completes = index + 1 == arm.pages().size() - 1;
        StudyDatabase.Submitted outcome = db.submit(p.id(), index, page.id(), result.answers(), !retry, completes, now);
        if (outcome == StudyDatabase.Submitted.RETRY) {
            String feedback = page.feedback() == null ? "At least one answer is not right. Please read the page again and try again." : page.feedback();
            ctx.html(pages.page(page, index, p.csrf(), null, feedback, Map.of(), coverage(p, page)));
            return;
        }
        ctx.redirect("/study", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void reject(Context ctx, Page page, Participant p, String message, Map<String, List<String>> form) {
        ctx.status(422).html(pages.page(page, p.pageIndex(), p.csrf(), message, null, form, coverage(p, page)));
    }

    /** How much of each of the page's clips this participant has watched, by label ({@link WatchCoverage}; empty without clips). */
    private Map<String, WatchCoverage.Coverage> coverage(Participant p, Page page) {
        List<Video> videos = StudyFolder.nonNull(page.videos());
        if (videos.isEmpty()) {
            return Map.of();
        }
        Map<String, List<WatchCoverage.Report>> reports = db.clipReports(p.id(), page.id());
        Map<String, WatchCoverage.Coverage> out = new java.util.HashMap<>();
        for (Video v : videos) {
            out.put(v.label(), WatchCoverage.ofClip(reports.getOrDefault(v.label(), List.of()), study.seconds().getOrDefault(v.file(), 0.0)));
        }
        return out;
    }

    private static String single(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.size() != 1 ? null : v.get(0);
    }

    private static Integer parseIndex(String s) {
        if (s == null || !s.matches("\\d{1,6}")) {
            return null;
        }
        return Integer.parseInt(s);
    }

    // ---- video events -------------------------------------------------------------------------------------

    private void event(Context ctx) throws IOException {
        Participant p = participant(ctx);
        if (p == null) {
            ctx.status(403).result("no session");
            return;
        }
        if (ctx.contentLength() > MAX_EVENT_BYTES) {
            ctx.status(413).result("too large");
            return;
        }
        String csrf = ctx.header("X-CSRF-Token");
        String page;
        String video;
        String event;
        String mediaTime;
        String clientTime;
        String playbackRate;
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (contentType.startsWith("application/json")) {
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_EVENT_BYTES) {
                ctx.status(413).result("too large");
                return;
            }
            JsonNode n;
            try {
                n = JSON.readTree(body);
            } catch (IOException e) {
                ctx.status(400).result("bad json");
                return;
            }
            if (n == null || !n.isObject()) {
                ctx.status(400).result("bad json");
                return;
            }
            csrf = csrf != null ? csrf : text(n.get("csrf"));
            page = text(n.get("page"));
            video = text(n.get("video"));
            event = text(n.get("event"));
            mediaTime = text(n.get("mediaTime"));
            clientTime = text(n.get("clientTime"));
            playbackRate = text(n.get("playbackRate"));
        } else {
            Map<String, List<String>> form = ctx.formParamMap();
            csrf = csrf != null ? csrf : single(form, "csrf");
            page = single(form, "page");
            video = single(form, "video");
            event = single(form, "event");
            mediaTime = single(form, "mediaTime");
            clientTime = single(form, "clientTime");
            playbackRate = single(form, "playbackRate");
        }
        if (!Tokens.same(p.csrf(), csrf)) {
            ctx.status(403).result("bad csrf");
            return;
        }
        Integer index = parseIndex(page);
        if (event == null || !EVENTS.contains(event) || index == null) {
            ctx.status(400).result("bad event");
            return;
        }
        if (p.finished() || index != p.pageIndex()) {
            ctx.status(409).result("not on that page");
            return;
        }
        Page pageDef = pageOf(p);
        boolean known = StudyFolder.nonNull(pageDef.videos()).stream().anyMatch(v -> v.label().equals(video));
        if (!known) {
            ctx.status(400).result("unknown video");
            return;
        }
        if (!db.event(p.id(), index, pageDef.id(), video, event, number(mediaTime), number(clientTime), number(playbackRate), System.currentTimeMillis(),
                limits.eventsPerPage())) {
            ctx.status(429).result("too many events on this page");
            return;
        }
        ctx.status(204);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static Double number(String s) {
        if (s == null || s.length() > 32) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- media and assets --------------------------------------------------------------------------------

    /** A whitelisted media file by its opaque id, with range requests; nothing in the answer names the file. */
    private void media(Context ctx) throws IOException {
        Path file = media.file(ctx.pathParam("id"));
        if (file == null) {
            httpError(ctx, 404, "Not found");
            return;
        }
        sendFile(ctx, file);
    }

    /** Sends a media file with its Content-Type, honouring a Range header (206, or 416 when unsatisfiable). */
    static void sendFile(Context ctx, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteRange range = ByteRange.parse(ctx.header("Range"), size);
            ctx.header("Cache-Control", "private, max-age=3600");
            ctx.header("Accept-Ranges", "bytes");
            if (range == ByteRange.UNSATISFIABLE) {
                ctx.header("Content-Range", "bytes */" + size);
                ctx.status(416);
                return;
            }
            long start = range == null ? 0 : range.start();
            long length = range == null ? size : range.length();
            if (range != null) {
                ctx.status(206);
                ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + size);
            }
            ctx.res().setContentType(MediaIds.contentType(file));
            ctx.res().setContentLengthLong(length);
            OutputStream out = ctx.res().getOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            var sink = Channels.newChannel(out);
            long pos = start;
            long end = start + length;
            while (pos < end) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), end - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    sink.write(buf);
                }
                pos += n;
            }
            out.flush();
        }
    }

    private static void asset(Context ctx, byte[] bytes, String type) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type).result(bytes);
    }

    // ---- admin --------------------------------------------------------------------------------------------

    private void admin(Context ctx) {
        ctx.header("X-Robots-Tag", "noindex");
        if (AdminAccess.tokenInUrl(ctx)) {
            ctx.status(400).html(pages.message("Not in the address",
                    "The admin token is not accepted in a URL (addresses end up in histories and logs). Sign in at /admin instead."));
            return;
        }
        if (!admin.allowed(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(401).html(pages.adminSignIn(false));
            return;
        }
        ctx.html(pages.admin(db.progress(study.definition().arms()), db.count("SELECT count(*) FROM declines"), db.pragmas()));
    }

    private void adminSignIn(Context ctx) {
        ctx.header("X-Robots-Tag", "noindex");
        if (!admin.signIn(ctx)) {
            ctx.status(401).html(pages.adminSignIn(true));
            return;
        }
        ctx.redirect("/admin", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    // ---- errors -------------------------------------------------------------------------------------------

    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof org.eclipse.jetty.io.EofException) {
                return true;
            }
        }
        return false;
    }

    void httpError(Context ctx, int status, String detail) {
        String text = switch (status) {
            case 404 -> "This page does not exist.";
            case 413 -> "What you sent is too large. Please shorten your answer and try again.";
            case 405 -> "This request is not allowed.";
            default -> "The request could not be handled (" + status + ").";
        };
        ctx.status(status).html(pages.message("Sorry", text));
    }

    void internalError(Context ctx, Exception e) {
        if (clientGone(e)) {
            // a body cut by ClientLimits or a client that went away: nobody is left to answer
            System.err.println("study server: " + ctx.method() + " " + ctx.path() + ": the client's connection closed (" + e + ")");
            return;
        }
        String ref = Tokens.random(48);
        System.err.println("study server: error " + ref + " on " + ctx.method() + " " + ctx.path() + ":");
        e.printStackTrace();
        ctx.status(500).html(pages.message("Sorry, something went wrong",
                "Something went wrong on our side. Please reload the page; if this happens again, contact the researchers and mention the reference "
                        + ref + "."));
    }
}
