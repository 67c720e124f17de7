package org.atarisaliency.viewer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.atarisaliency.env.Npy;

/**
 * A made-up recording of any length for timing and testing the viewer on long runs: {@code record}'s files (run.json, steps.csv,
 * the four maps and frames.npy) whose NPYs are sparse files (a header, then {@link RandomAccessFile#setLength}): all zeros, no
 * disk cost, and a reader that loaded them whole would need {@code steps} x 126 KB of memory for the frames alone.
 */
public final class SyntheticRecording {
    private SyntheticRecording() {
    }

    /** Writes a {@code steps}-step recording at STEM (its folder is created) and returns STEM. */
    public static Path sparse(Path stem, int steps) throws IOException {
        Files.createDirectories(stem.toAbsolutePath().getParent());
        Files.writeString(Path.of(stem + ".run.json"), "{\"command\": \"record\", \"settings\": {\"fps\": 15}}");
        for (String map : new String[] {"actor_tv", "critic_dv", "actor", "critic"}) {
            sparseNpy(Path.of(stem + "." + map + ".npy"), Npy.DType.FLOAT32, steps, 80, 80);
        }
        sparseNpy(Path.of(stem + ".frames.npy"), Npy.DType.UINT8, steps, 210, 160, 3);
        Files.writeString(Path.of(stem + ".steps.csv"), stepsCsv(steps), StandardCharsets.UTF_8);
        return stem;
    }

    /** A steps.csv of {@code steps} rows: NOOP with p 0.75/0.25, value sin(t / 10), a reward every 50 steps. */
    public static String stepsCsv(int steps) {
        StringBuilder b = new StringBuilder("step,action,action_name,p_NOOP,p_FIRE,value,reward,score,lives\n");
        for (int t = 0; t < steps; t++) {
            b.append(t).append(",0,NOOP,0.75,0.25,").append(Math.sin(t / 10.0)).append(',').append(t % 50 == 49 ? 1 : 0).append(",0,0\n");
        }
        return b.toString();
    }

    private static void sparseNpy(Path file, Npy.DType type, int steps, int... record) throws IOException {
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
        byte[] header = Arrays.copyOf(Files.readAllBytes(one), h.dataOffset());
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
