package org.atarisaliency.viewer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.Npy;
import org.atarisaliency.env.NpyStreamWriter;

/** Small made-up outputs for the viewer's recognition tests, and sparse long ones for its streaming test. */
final class Synthetic {
    private Synthetic() {
    }

    /** A recording of {@code steps} steps at STEM: run.json of record, actor_tv and actor maps (step t's values t / steps), steps.csv, frames. */
    static Path recording(Path stem, int steps) throws IOException {
        Files.createDirectories(stem.getParent());
        Files.writeString(Path.of(stem + ".run.json"), "{\"command\": \"record\", \"settings\": {\"fps\": 15}}");
        try (NpyStreamWriter tv = new NpyStreamWriter(Path.of(stem + ".actor_tv.npy"), 80, 80);
             NpyStreamWriter paper = new NpyStreamWriter(Path.of(stem + ".actor.npy"), 80, 80);
             NpyStreamWriter frames = NpyStreamWriter.uint8(Path.of(stem + ".frames.npy"), 210, 160, 3)) {
            for (int t = 0; t < steps; t++) {
                float[] m = new float[6400];
                java.util.Arrays.fill(m, t / (float) steps);
                tv.append(m);
                paper.append(m);
                frames.append(new byte[210 * 160 * 3]);
            }
        }
        Files.writeString(Path.of(stem + ".steps.csv"), stepsCsv(steps), StandardCharsets.UTF_8);
        return stem;
    }

    static String stepsCsv(int steps) {
        StringBuilder b = new StringBuilder("step,action,action_name,p_NOOP,p_FIRE,value,reward,score,lives\n");
        for (int t = 0; t < steps; t++) {
            b.append(t).append(",0,NOOP,0.75,0.25,").append(Math.sin(t / 10.0)).append(',').append(t % 50 == 49 ? 1 : 0).append(",0,0\n");
        }
        return b.toString();
    }

    /**
     * A recording of {@code steps} steps whose NPYs are sparse files (a header, then {@link RandomAccessFile#setLength}): they
     * cost no disk, and a reader that loaded them whole would need {@code steps} x 126 KB of memory for the frames alone.
     */
    static Path sparseRecording(Path stem, int steps) throws IOException {
        Files.createDirectories(stem.getParent());
        Files.writeString(Path.of(stem + ".run.json"), "{\"command\": \"record\", \"settings\": {\"fps\": 15}}");
        for (String map : new String[] {"actor_tv", "critic_dv", "actor", "critic"}) {
            sparse(Path.of(stem + "." + map + ".npy"), Npy.DType.FLOAT32, steps, 80, 80);
        }
        sparse(Path.of(stem + ".frames.npy"), Npy.DType.UINT8, steps, 210, 160, 3);
        Files.writeString(Path.of(stem + ".steps.csv"), stepsCsv(steps), StandardCharsets.UTF_8);
        return stem;
    }

    private static void sparse(Path file, Npy.DType type, int steps, int... record) throws IOException {
        int[] shape = new int[record.length + 1];
        shape[0] = 1;
        System.arraycopy(record, 0, shape, 1, record.length);
        long bytes = type.size();
        for (int d : record) {
            bytes *= d;
        }
        // a one-record file's header, rewritten for the full length: the same header size (the NPY header is padded to 64)
        Path one = file.resolveSibling(file.getFileName() + ".one");
        if (type == Npy.DType.UINT8) {
            Npy.writeUint8(one, new byte[(int) bytes], shape);
        } else {
            Npy.writeFloat32(one, new float[(int) (bytes / 4)], shape);
        }
        Npy.Header h = Npy.readHeader(one);
        byte[] header = java.util.Arrays.copyOf(Files.readAllBytes(one), h.dataOffset());
        Files.delete(one);
        String text = new String(header, StandardCharsets.ISO_8859_1).replace("(1, ", "(" + steps + ", ");
        byte[] patched = text.getBytes(StandardCharsets.ISO_8859_1);
        if (patched.length != header.length) {
            // the longer count took padding: keep the header's length by dropping spaces before its newline
            String trimmed = text.substring(0, text.length() - 1 - (patched.length - header.length)) + "\n";
            patched = trimmed.getBytes(StandardCharsets.ISO_8859_1);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(patched);
            f.setLength(patched.length + steps * bytes);
        }
    }
}
