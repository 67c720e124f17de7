package org.atarisaliency.agents.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Agent files must be regular files: reading a fifo or a device would block or never end. */
public final class AgentFiles {
    private AgentFiles() {
    }

    /**
     * Refuses an existing path that is not a regular file (symbolic links are followed). A missing
     * file passes, so that each caller keeps reporting it as before.
     *
     * @throws CheckpointException  one line naming the file and what it is
     */
    public static void requireRegular(Path file) throws CheckpointException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": is " + kind(file) + ", not a regular file; pass an agent checkpoint file");
        }
    }

    /** What a non-regular file is, from its Unix mode where the platform gives one. */
    static String kind(Path file) {
        if (Files.isDirectory(file)) {
            return "a directory";
        }
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a fifo";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }
}
