package org.atarisaliency.study.server;

import io.javalin.http.Context;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may see {@code /admin}. The researcher signs in once with the admin token through a form (POST), which sets a
 * random, HttpOnly admin cookie; scripts may send the token as {@code Authorization: Bearer TOKEN}. The token is never
 * accepted in a URL (URLs end up in browser history, proxy logs and Referer headers), and it must be strong.
 */
final class AdminAccess {
    static final String COOKIE = "study_admin";
    /** The shortest token accepted: 32 characters (192 bits for the random tokens the server makes itself). */
    static final int MIN_LENGTH = 32;
    /** Fewer distinct characters than this is a pattern ("aaaa...", "abab..."), not a secret. */
    static final int MIN_DISTINCT = 12;
    private static final int COOKIE_HOURS = 12;

    private final String token;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();

    AdminAccess(String token) {
        this.token = token;
    }

    /**
     * Why the token is too weak, or null when it is strong enough: at least {@link #MIN_LENGTH} printable ASCII
     * characters without spaces, with at least {@link #MIN_DISTINCT} distinct ones.
     */
    static String weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return "the admin token has " + token.length() + " characters; it needs at least " + MIN_LENGTH;
        }
        if (!token.chars().allMatch(c -> c > ' ' && c < 127)) {
            return "the admin token may hold only printable ASCII characters without spaces";
        }
        if (token.chars().distinct().count() < MIN_DISTINCT) {
            return "the admin token repeats a few characters; it needs at least " + MIN_DISTINCT + " different ones (a random token is best)";
        }
        return null;
    }

    /** Whether the request carries a valid admin cookie or bearer token. */
    boolean allowed(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && sessions.contains(Tokens.sha256(cookie))) {
            return true;
        }
        String auth = ctx.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && Tokens.same(token, auth.substring(7).strip());
    }

    /** Whether the request tried to pass the token in its URL (refused, whatever the value). */
    static boolean tokenInUrl(Context ctx) {
        return ctx.queryParam("token") != null;
    }

    /** Checks a sign-in form's token; when right, starts an admin session and sets its cookie. */
    boolean signIn(Context ctx) {
        if (!Tokens.same(token, ctx.formParam("token"))) {
            return false;
        }
        String session = Tokens.random(192);
        sessions.add(Tokens.sha256(session));
        ctx.res().addHeader("Set-Cookie", COOKIE + "=" + session + "; Path=/admin; Max-Age=" + COOKIE_HOURS * 3600
                + "; HttpOnly; SameSite=Strict" + (StudyRoutes.secure(ctx) ? "; Secure" : ""));
        return true;
    }
}
