package org.atarisaliency.study.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opaque, per-study names for the media files a participant fetches: {@code /media/<id>}, where the id is the
 * first {@value #ID_CHARS} characters of base64url(HMAC-SHA256(key, the file's path in study.json)). The key comes
 * from the database's secret, so ids are stable across restarts of one study's server and differ between
 * databases; nothing in a URL names an agent, a condition or a file.
 */
final class MediaIds {
    /** 22 base64url characters: 132 bits, far beyond guessing and collisions. */
    static final int ID_CHARS = 22;
    /** The path prefix media are served under. */
    static final String PREFIX = "/media/";

    private final Map<String, String> idOfFile = new HashMap<>();
    private final Map<String, Path> fileOfId = new HashMap<>();

    /**
     * @param key   the HMAC key (derived from {@link StudyDatabase#secret})
     * @param files the study's whitelist: study.json's relative path to the file on disk
     */
    MediaIds(byte[] key, Map<String, Path> files) {
        for (Map.Entry<String, Path> f : files.entrySet()) {
            String id = id(key, f.getKey());
            idOfFile.put(f.getKey(), id);
            fileOfId.put(id, f.getValue());
        }
    }

    static String id(byte[] key, String file) {
        return Tokens.hmac(key, file).substring(0, ID_CHARS);
    }

    /** The URL of a whitelisted media file (its study.json path); refuses a file outside the whitelist. */
    String url(String file) {
        String id = idOfFile.get(file);
        if (id == null) {
            throw new IllegalArgumentException("'" + file + "' is not a media file of the study");
        }
        return PREFIX + id;
    }

    /** The file on disk behind an id, or null for an unknown id. */
    Path file(String id) {
        return id == null ? null : fileOfId.get(id);
    }

    /** The Content-Type a media file is served with (by its extension): video/mp4 or image/png. */
    static String contentType(Path file) {
        return StudyFolder.isImage(file.getFileName().toString()) ? "image/png" : "video/mp4";
    }
}
