package org.atarisaliency.study.server;

/**
 * The signed token the landing page puts in its start form: the time the page was shown and an HMAC of it under a
 * key derived from the database's secret. POST /start takes only a token this server issued within
 * {@link #VALID_MILLIS}, so a participant is made only from a landing page a person saw (and its time is when the
 * consent text was first shown).
 */
final class StartTokens {
    /** How long a landing page stays usable: a day. */
    static final long VALID_MILLIS = 24L * 3600 * 1000;
    /** Clock tolerance for a token from the near future (a clock step between issue and use). */
    private static final long FUTURE_MILLIS = 60_000;

    private final byte[] key;

    StartTokens(byte[] key) {
        this.key = key;
    }

    /** A token issued at {@code now} (epoch ms). */
    String issue(long now) {
        return now + "." + Tokens.hmac(key, Long.toString(now));
    }

    /** The time a valid token was issued at, or null for a forged, malformed or expired one. */
    Long issuedAt(String token, long now) {
        if (token == null || token.length() > 100) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot < 1 || !token.substring(0, dot).matches("\\d{1,15}")) {
            return null;
        }
        long at = Long.parseLong(token.substring(0, dot));
        boolean fresh = at <= now + FUTURE_MILLIS && now - at <= VALID_MILLIS;
        return fresh && Tokens.same(Tokens.hmac(key, Long.toString(at)), token.substring(dot + 1)) ? at : null;
    }
}
