package org.atarisaliency.experiment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.atarisaliency.env.GameIds;
import org.atarisaliency.env.GameSpec;
import org.atarisaliency.env.RomLocator;
import org.atarisaliency.pipelines.Json;

/**
 * One job of an experiment, fully described by a JSON-serialisable spec: its type, agent(s) with
 * checksums, game with ROM checksum, seed, frame range, method and settings. Nothing else goes
 * into a job, so the same spec gives the same outputs wherever it runs; its hash decides whether
 * a finished job still matches the config, and its id (its folder's name) follows from its
 * content ({@link #idOf}), so a folder's name cannot disagree with what is in it.
 */
public record JobSpec(String id, String type, Map<String, Object> spec) {

    /** The job of a spec; its id is derived from the spec. */
    public static JobSpec of(Map<String, Object> spec) {
        return new JobSpec(idOf(spec), String.valueOf(spec.get("type")), spec);
    }

    /**
     * The id of a spec: TYPE_AGENT_GAME_sSEED, then _fSTART-END for jobs over a frame range and
     * _METHOD-LABEL for maps, _HINTS for imitate; progression_GAME_sSEED_fSTART-END.
     */
    @SuppressWarnings("unchecked")
    public static String idOf(Map<String, Object> spec) {
        String type = String.valueOf(spec.get("type"));
        String game = fileSafe(String.valueOf(((Map<String, Object>) spec.get("game")).get("id")));
        String seed = "_s" + spec.get("seed");
        String range = "";
        if (spec.get("frames") instanceof Map<?, ?> f) {
            long start = ((Number) f.get("start")).longValue(), count = ((Number) f.get("count")).longValue();
            range = "_f" + start + "-" + (start + count);
        }
        if (type.equals("progression")) {
            return "progression_" + game + seed + range;
        }
        String id = type + "_" + ((Map<String, Object>) spec.get("agent")).get("label") + "_" + game + seed + range;
        if (spec.get("method") instanceof Map<?, ?> m) {
            id += "_" + m.get("label");
        }
        if (type.equals("imitate")) {
            id += "_" + spec.get("hints");
        }
        return id;
    }

    /** A name usable as a file name. */
    static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-");
    }

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
    Path rom() {
        return Path.of(text("game", "rom"));
    }

    /** The game (id with its frame skip and sticky actions) played with {@link #rom()}. */
    GameSpec game() {
        return GameIds.resolve(text("game", "id"), List.of(RomLocator.stem(rom())));
    }

    /** The agent file of a single-agent job. */
    Path agent() {
        return Path.of(text("agent", "file"));
    }

    long seed() {
        return ((Number) spec.get("seed")).longValue();
    }
}
