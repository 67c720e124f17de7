package org.atarisaliency.viewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.atarisaliency.env.NpyStreamWriter;

/** Small made-up outputs for the viewer's recognition tests (long ones: {@link SyntheticRecording}). */
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
        Files.writeString(Path.of(stem + ".steps.csv"), SyntheticRecording.stepsCsv(steps), StandardCharsets.UTF_8);
        return stem;
    }
}
