package org.atarisaliency.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Temporary names for outputs that are renamed into place when complete. Java's temporary files
 * are private (0600); outputs are for everyone who can read the folder, so these are created
 * like ordinary files (0644 / 0755, less the umask).
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** A new empty hidden file ".NAME...part" beside {@code target} (its folder is created if needed). */
    public static Path tempBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = Files.createDirectories(abs.getParent());
        String prefix = "." + abs.getFileName();
        return posix(dir) ? Files.createTempFile(dir, prefix, ".part", attribute("rw-r--r--"))
                : Files.createTempFile(dir, prefix, ".part");
    }

    /** A new empty hidden folder "PREFIX..." in {@code parent}. */
    public static Path tempFolder(Path parent, String prefix) throws IOException {
        Path dir = Files.createDirectories(parent.toAbsolutePath());
        return posix(dir) ? Files.createTempDirectory(dir, prefix, attribute("rwxr-xr-x")) : Files.createTempDirectory(dir, prefix);
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
