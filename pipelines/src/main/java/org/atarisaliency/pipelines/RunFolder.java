package org.atarisaliency.pipelines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.atarisaliency.env.NpyStreamWriter;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.video.Mp4Writer;

/**
 * Where a pipeline writes: every output goes to a temporary name beside its target and is renamed
 * into place by {@link #commit()}, in the order the outputs were opened; {@link #close()} without
 * a commit deletes them all, so an interrupted or failed run leaves nothing that looks complete.
 * (Temporaries left by a killed JVM are removed by the next run, see {@link OutputFiles}.)
 */
public final class RunFolder implements AutoCloseable {

    /** Finishing an output: closing it and renaming it into place. */
    private interface Commit {
        void run() throws IOException;
    }

    /** An output being written: how to finish it and how to throw it away. */
    private record Staged(Commit commit, Runnable abort) {
    }

    private final Path dir;
    /** Synchronised: a second thread may stage outputs (a clip's stills, from the encoder); commit and close run after it ends. */
    private final List<Staged> staged = java.util.Collections.synchronizedList(new ArrayList<>());
    private boolean committed;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Outputs in (or beside files in) {@code dir}, which is created; a clear error when it cannot be. */
    public static RunFolder in(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        ensureFolder(abs);
        return new RunFolder(abs);
    }

    /** Creates {@code dir} if needed; refuses a file in its place or a folder that cannot be written, saying so. */
    public static void ensureFolder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new OutputException(p + " is a file, not a folder; choose another output location or remove the file");
            }
            if (Files.isDirectory(p)) {
                break;
            }
        }
        try {
            Files.createDirectories(abs);
        } catch (AccessDeniedException e) {
            throw new OutputException("cannot create " + abs + ": permission denied; choose a location you can write to");
        }
        if (!Files.isWritable(abs)) {
            throw new OutputException("cannot write into " + abs + ": permission denied; choose a location you can write to");
        }
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** {@code name} in the folder. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** A float32 NPY of records of {@code shape}, growing along its first axis. */
    public NpyStreamWriter npy(Path target, int... shape) throws IOException {
        return track(new NpyStreamWriter(target, shape));
    }

    /** A uint8 NPY of records of {@code shape}. */
    public NpyStreamWriter npyUint8(Path target, int... shape) throws IOException {
        return track(NpyStreamWriter.uint8(target, shape));
    }

    /** An H.264 MP4 with the encoder's adaptive quality. */
    public Mp4Writer mp4(Path target, int width, int height, int fps) throws IOException {
        return mp4(target, width, height, fps, Mp4Writer.ADAPTIVE);
    }

    /** An H.264 MP4 at a constant quantiser {@code qp} (or {@link Mp4Writer#ADAPTIVE}). */
    public Mp4Writer mp4(Path target, int width, int height, int fps, int qp) throws IOException {
        Mp4Writer w = new Mp4Writer(target, width, height, fps, qp);
        staged.add(new Staged(w::close, w::abort));
        return w;
    }

    /** A UTF-8 text file. */
    public BufferedWriter text(Path target) throws IOException {
        Path tmp = OutputFiles.tempBeside(target);
        BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        staged.add(new Staged(() -> {
            w.close();
            move(tmp, target);
        }, () -> {
            try {
                w.close();
            } catch (IOException ignored) {
                // deleted below
            }
            delete(tmp);
        }));
        return w;
    }

    /** A file whose bytes the caller writes to the returned temporary path (e.g. a PNG), renamed on commit. */
    public Path file(Path target) throws IOException {
        Path tmp = OutputFiles.tempBeside(target);
        staged.add(new Staged(() -> move(tmp, target), () -> delete(tmp)));
        return tmp;
    }

    /** A JSON document, written now and renamed on commit. */
    public void json(Path target, Object value) throws IOException {
        Files.writeString(file(target), Json.write(value) + "\n", StandardCharsets.UTF_8);
    }

    /** Renames every output into place, in the order they were opened. */
    public void commit() throws IOException {
        for (Staged s : staged) {
            s.commit().run();
        }
        committed = true;
    }

    /** Without a commit: deletes every temporary. */
    @Override
    public void close() {
        if (!committed) {
            staged.forEach(s -> s.abort().run());
        }
    }

    /** Writes a whole text file atomically (temporary name, then rename). */
    public static void writeString(Path file, String text) throws IOException {
        Path tmp = OutputFiles.tempBeside(file);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, file);
        } catch (IOException e) {
            throw OutputFiles.naming(file, e);
        } finally {
            delete(tmp);
        }
    }

    private NpyStreamWriter track(NpyStreamWriter w) {
        staged.add(new Staged(w::close, w::abort));
        return w;
    }

    private static void move(Path tmp, Path target) throws IOException {
        OutputFiles.moveIntoPlace(tmp, target.toAbsolutePath());
    }

    private static void delete(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort; removed at the next run
        }
        OutputFiles.released(tmp);
    }
}
