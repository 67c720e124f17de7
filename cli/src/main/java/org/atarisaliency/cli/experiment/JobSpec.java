package org.atarisaliency.cli.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.atarisaliency.cli.Json;

/**
 * One job of an experiment, fully described by a JSON-serialisable spec: its type, agent(s) with
 * checksums, game with ROM checksum, seed, frame range, method and settings. Nothing else goes
 * into a job, so the same spec gives the same outputs wherever it runs; its hash decides whether
 * a finished job still matches the config.
 */
public record JobSpec(String id, String type, Map<String, Object> spec) {

    /** SHA-256 of the spec's JSON text. */
    public String hash() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(Json.write(spec).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String key) {
        return (Map<String, Object>) spec.get(key);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String key) {
        return (List<Map<String, Object>>) spec.get(key);
    }

    /** An integer setting of a section. */
    int integer(String section, String key) {
        return ((Number) section(section).get(key)).intValue();
    }

    /** A number setting of a section. */
    double number(String section, String key) {
        return ((Number) section(section).get(key)).doubleValue();
    }

    /** A text setting of a section. */
    String text(String section, String key) {
        return String.valueOf(section(section).get(key));
    }

    /** The ROM file the spec names. */
    java.nio.file.Path rom() {
        return java.nio.file.Path.of(String.valueOf(section("game").get("rom")));
    }

    /** The game (id with its frame skip and sticky actions) played with {@link #rom()}. */
    org.atarisaliency.env.GameSpec game() {
        return org.atarisaliency.env.GameIds.resolve(String.valueOf(section("game").get("id")),
                List.of(org.atarisaliency.env.RomLocator.stem(rom())));
    }

    long seed() {
        return ((Number) spec.get("seed")).longValue();
    }
}
