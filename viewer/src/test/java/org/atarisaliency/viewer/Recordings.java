package org.atarisaliency.viewer;

import java.nio.file.Path;
import java.util.Map;
import org.atarisaliency.pipelines.Game;
import org.atarisaliency.pipelines.Record;

/** Real short Pong recordings for the viewer's tests: the bundled agent models/pong.pt on the real ROM. */
final class Recordings {
    private Recordings() {
    }

    /** The bundled agent. */
    static Path pong() {
        return Path.of(System.getProperty("atari.project", "..")).resolve("models/pong.pt");
    }

    /** Records {@code frames} steps of Pong from step {@code start} (stride 10, objects recorded) to {@code out} (.mp4). */
    static Path record(Path out, long seed, int start, int frames) throws Exception {
        return record(pong(), out, seed, start, frames);
    }

    /** The same with another agent. */
    static Path record(Path agent, Path out, long seed, int start, int frames) throws Exception {
        Record.run(new Record.Settings(agent, Game.find("Pong-v4"), seed, start, frames,
                Record.DECLARATION.values(Map.of("stride", 10, "objects", true, "scale", 1)), null, null, out), null);
        return out;
    }
}
