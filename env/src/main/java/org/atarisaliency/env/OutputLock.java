package org.atarisaliency.env;

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
 * The lock that lets one process at a time write an output: an experiment's run folder or a training run
 * ({@link #folder}: FOLDER/.lock, kept), or a file such as a recording ({@link #beside}: a hidden ".NAME.lock"
 * beside it, removed afterwards). An OS file lock, so the operating system releases it when the holder ends,
 * even when it is killed; the lock file records the holder's process id for the message another process gets.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name inside a locked folder. */
    public static final String FOLDER_FILE = ".lock";
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

    /** Locks folder {@code dir} (created if needed) for this process; {@link OutputBusyException} while another holds it. */
    public static OutputLock folder(Path dir) throws IOException {
        Files.createDirectories(dir);
        return require(dir, dir.resolve(FOLDER_FILE), false);
    }

    /** Locks folder {@code dir} if no one else holds it; null while another does. */
    public static OutputLock tryFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        return tryHold(dir.resolve(FOLDER_FILE), false);
    }

    /** Locks the output file {@code output} through a hidden ".NAME.lock" beside it, deleted when released. */
    public static OutputLock beside(Path output) throws IOException {
        Path abs = output.toAbsolutePath().normalize();
        return require(abs, abs.resolveSibling("." + abs.getFileName() + ".lock"), true);
    }

    private static OutputLock require(Path output, Path lockFile, boolean removeOnClose) throws IOException {
        OutputLock held = tryHold(lockFile, removeOnClose);
        if (held == null) {
            throw new OutputBusyException(output, holder(lockFile));
        }
        return held;
    }

    private static OutputLock tryHold(Path file, boolean removeOnClose) throws IOException {
        try {
            return tryHoldOnce(file, removeOnClose);
        } catch (IOException e) {
            throw OutputFiles.naming(file, e); // a full disk: say which file could not be written
        }
    }

    private static OutputLock tryHoldOnce(Path file, boolean removeOnClose) throws IOException {
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
            boolean ours;
            try {
                ours = stillAt(file, ch);
            } catch (IOException e) {
                ch.close(); // releases the lock too
                throw e;
            }
            if (ours) {
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
        ch.force(false);
        try {
            return Arrays.equals(token, Files.readAllBytes(file));
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /** The holder's process id as its lock file records it ("PID TOKEN"), or "unknown". */
    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip().split(" ", 2)[0];
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock (deleting the lock file first, for {@link #beside}). */
    @Override
    public void close() throws IOException {
        try {
            if (removeOnClose) {
                Files.deleteIfExists(file);
            }
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
