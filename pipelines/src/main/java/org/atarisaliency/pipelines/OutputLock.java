package org.atarisaliency.pipelines;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * An exclusive lock on a lock file, so that one process (or thread) at a time writes an output: an
 * experiment's run folder, a recording. The operating system releases it when the process ends, however
 * it ends, so a killed writer never leaves its output locked.
 */
public final class OutputLock implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean removeOnClose;

    private OutputLock(Path file, FileChannel channel, FileLock lock, boolean removeOnClose) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.removeOnClose = removeOnClose;
    }

    /** Locks {@code file} (created if missing, kept after {@link #close}); null while another holds it. */
    public static OutputLock tryHold(Path file) throws IOException {
        return tryHold(file, false);
    }

    /** As {@link #tryHold}, for a lock file beside an output that should leave no trace: deleted at {@link #close}. */
    public static OutputLock tryHoldRemoving(Path file) throws IOException {
        return tryHold(file, true);
    }

    private static OutputLock tryHold(Path file, boolean removeOnClose) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            if (stillAt(file, ch)) {
                return new OutputLock(file, ch, lock, removeOnClose);
            }
            // the holder before us deleted the file after we opened it: we locked a file no longer at this path
            lock.release();
            ch.close();
        }
        throw new IOException("cannot lock " + file + ": it keeps being replaced; is another program removing it?");
    }

    /** Whether the file at {@code file} is the one {@code ch} has open: it carries the token just written through {@code ch}. */
    private static boolean stillAt(Path file, FileChannel ch) throws IOException {
        byte[] token = (ProcessHandle.current().pid() + " " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.US_ASCII);
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(token), 0);
        try {
            return Arrays.equals(token, Files.readAllBytes(file));
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** Releases the lock (deleting the file first, for {@link #tryHoldRemoving}). */
    @Override
    public void close() throws IOException {
        try {
            if (removeOnClose) {
                Files.deleteIfExists(file);
            }
            lock.release();
        } finally {
            channel.close();
        }
    }
}
