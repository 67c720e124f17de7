package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.atarisaliency.agents.Agents;
import org.atarisaliency.env.AtariEnv;

/**
 * Checksums of agent files and outputs (sha256) and ROMs (md5), each file read once per process
 * while its size and modification time stay the same.
 */
public final class Checksums {
    private record Key(Path file, long size, java.time.Instant modified, String kind) {
    }

    private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();

    private Checksums() {
    }

    /** Hex SHA-256 of an agent file (or of any output). */
    public static String sha256(Path agent) throws IOException {
        return cached(agent, "sha256");
    }

    /** Hex MD5 of a ROM ({@link AtariEnv#md5}, itself read once per process). */
    public static String md5(Path rom) {
        return AtariEnv.md5(rom);
    }

    private static String cached(Path file, String kind) throws IOException {
        Key k = key(file, kind);
        String v = CACHE.get(k);
        if (v == null) {
            v = Agents.sha256(file);
            CACHE.put(k, v);
        }
        return v;
    }

    private static Key key(Path file, String kind) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
        return new Key(abs, a.size(), a.lastModifiedTime().toInstant(), kind);
    }
}
