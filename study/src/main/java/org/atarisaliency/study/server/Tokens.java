package org.atarisaliency.study.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets (participant tokens, CSRF tokens, the admin token), their constant-time comparison, and HMACs. */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A URL-safe random token of {@code bits} bits (a multiple of 8). */
    static String random(int bits) {
        byte[] b = new byte[bits / 8];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether the two strings are equal, in time that does not depend on where they differ; null never matches. */
    static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of the text's UTF-8 bytes under {@code key}, as unpadded base64url (43 characters). */
    static String hmac(byte[] key, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key for one purpose ("media", "start"), derived from the database's secret, so one secret serves every use. */
    static byte[] derive(byte[] secret, String purpose) {
        return Base64.getUrlDecoder().decode(hmac(secret, purpose));
    }

    /** SHA-256 of the text as lower-case hex (participant tokens are stored only as this hash). */
    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the bytes as lower-case hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
