package org.atarisaliency.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary names for outputs that are renamed into place when complete. Java's temporary files
 * are private (0600); outputs are for everyone who can read the folder, so these are created
 * like ordinary files (0644 / 0755, less the umask). Temporaries still present when the JVM
 * shuts down (Ctrl-C, SIGTERM, an error) are deleted, and a new temporary for a target first
 * removes stale ones that an earlier, killed run left for the same target.
 */
public final class OutputFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputFiles::deleteLive, "remove-temporary-outputs"));
    }

    private OutputFiles() {
    }

    /** A new empty hidden file ".NAME...part" beside {@code target} (its folder is created if needed). */
    public static Path tempBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = Files.createDirectories(abs.getParent());
        String prefix = "." + abs.getFileName();
        removeStale(dir, prefix);
        Path p = posix(dir) ? Files.createTempFile(dir, prefix, ".part", attribute("rw-r--r--"))
                : Files.createTempFile(dir, prefix, ".part");
        LIVE.add(p);
        return p;
    }

    /**
     * Writes a small text file under the fixed hidden name ".NAME.tmp" and renames it into place
     * (no listing of the folder: cheap for thousands of files). A failed write names the file.
     */
    public static void writeText(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, java.nio.charset.StandardCharsets.UTF_8);
            moveIntoPlace(tmp, file);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw naming(file, e);
        }
    }

    /**
     * {@code e} naming {@code file}: a {@link java.nio.file.FileSystemException} that names a file is
     * returned as it is; anything else (a stream write's "No space left on device", which names
     * none) becomes one naming {@code file}, with {@code e} as its cause.
     */
    public static IOException naming(Path file, IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return e;
        }
        var named = new java.nio.file.FileSystemException(file.toString(), null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        named.initCause(e);
        return named;
    }

    /** A new empty hidden folder "PREFIX..." in {@code parent}, deleted at shutdown unless {@link #released}. */
    public static Path tempFolder(Path parent, String prefix) throws IOException {
        Path dir = Files.createDirectories(parent.toAbsolutePath());
        Path p = posix(dir) ? Files.createTempDirectory(dir, prefix, attribute("rwxr-xr-x")) : Files.createTempDirectory(dir, prefix);
        LIVE.add(p);
        return p;
    }

    /**
     * Renames the complete temporary {@code temp} to {@code target} in one step, replacing what is
     * there (a reader sees the old file or the new one, never part of one); {@code temp} is then
     * {@link #released}. The one rename of an output into place: write to a temporary, then call this.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        released(temp);
    }

    /** The temporary was renamed into place or deleted: nothing to clean up at shutdown. */
    public static void released(Path temp) {
        LIVE.remove(temp);
    }

    /**
     * Renames the complete temporary folder {@code tmp} to {@code target}, replacing what is there:
     * the old folder is first renamed aside (hidden, ".old-NAME..."), the new one renamed into place,
     * and only then is the old one deleted, so the target name always holds a complete folder or none,
     * and a crash never loses both.
     */
    public static void replaceFolder(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            old = tempFolder(target.toAbsolutePath().getParent(), ".old-" + target.getFileName() + "-");
            Files.delete(old);
            released(old); // the old folder is never a temporary to delete at shutdown: it may be all that is left
            Files.move(target, old, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) {
                Files.move(old, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            throw e;
        }
        released(tmp);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a file or a folder with everything in it (nothing if absent). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** Removes ".NAME<digits>.part" leftovers of a killed run for the same target. */
    private static void removeStale(Path dir, String prefix) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(prefix) + "-?\\d+\\.part");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (ours.matcher(p.getFileName().toString()).matches() && !LIVE.contains(p) && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void deleteLive() {
        for (Path p : LIVE) {
            try {
                deleteTree(p);
            } catch (IOException | RuntimeException ignored) {
                // best effort while shutting down
            }
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
