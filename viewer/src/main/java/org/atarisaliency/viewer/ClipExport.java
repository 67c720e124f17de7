package org.atarisaliency.viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.atarisaliency.video.FrameComposer;
import org.atarisaliency.video.FrameInfo;
import org.atarisaliency.video.IntensityScale;
import org.atarisaliency.video.Mp4Writer;
import org.atarisaliency.video.OverlayStyle;

/**
 * A step range of a recording as MP4, through the record's own frame composer (the game screen with the chosen overlays and their
 * colour bars, no panel) and encoder; written under a temporary name and renamed when complete (the encoder's own), then served
 * for download.
 */
final class ClipExport {
    private final Path folder;
    private final Map<String, Path> done = new ConcurrentHashMap<>();

    ClipExport(Path folder) {
        this.folder = folder;
    }

    /**
     * Exports steps [from, to) of {@code r}: query keys {@code from}, {@code to}, {@code maps} (the overlays shown: one actor and one
     * critic map at most), {@code scaleMode} (absolute or per-clip), {@code scale} (magnification 1..8).
     */
    Map<String, Object> export(Recording r, Map<String, String> q) throws IOException {
        int from = Integer.parseInt(q.getOrDefault("from", "0")), to = Math.min(r.length(), Integer.parseInt(q.getOrDefault("to", "" + r.length())));
        if (from < 0 || from >= to) {
            throw new IllegalArgumentException("the range " + from + ".." + to + " holds no step of 0.." + r.length());
        }
        if (r.frame(0) == null) {
            throw new IllegalArgumentException("this recording has no frames.npy (it was recorded before the viewer); record it again to export");
        }
        String actor = null, critic = null;
        for (String m : q.getOrDefault("maps", "").split(",")) {
            if (m.startsWith("critic")) {
                critic = critic == null ? m : critic;
            } else if (!m.isBlank()) {
                actor = actor == null ? m : actor;
            }
        }
        boolean perClip = "per-clip".equals(q.get("scaleMode"));
        IntensityScale actorScale = scale(r, actor, perClip), criticScale = scale(r, critic, perClip);
        FrameComposer composer = new FrameComposer(Integer.parseInt(q.getOrDefault("scale", "2")), OverlayStyle.READABLE, false);
        Files.createDirectories(folder);
        Path out = folder.resolve("export-" + r.label().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + from + "-" + to + ".mp4");
        try (Mp4Writer w = new Mp4Writer(out, composer.width(), composer.height(), r.fps(), 10)) {
            for (int t = from; t < to; t++) {
                w.write(composer.compose(new FrameInfo(r.frame(t), actor == null ? null : r.map(actor, t), critic == null ? null : r.map(critic, t),
                        r.mapSize(), r.region(), actorScale, criticScale, t, 0, 0, 0, List.of(), new double[0], 0, 0, new double[0],
                        new double[0], new double[0], r.label(), List.of())));
            }
        }
        String id = "x" + done.size();
        done.put(id, out);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", "/file?id=" + id);
        m.put("file", out.toString());
        m.put("frames", to - from);
        return m;
    }

    /** The scale a map is drawn on: its absolute one (TV, |dV|) unless per-clip is asked or it has none. */
    private static IntensityScale scale(Recording r, String map, boolean perClip) throws IOException {
        if (map == null) {
            return IntensityScale.ACTOR_TV; // not drawn
        }
        IntensityScale abs = Recording.absolute(map);
        if (abs != null && !perClip) {
            return abs;
        }
        double p = r.percentile(map);
        String quantity = abs != null ? abs.quantity() : IntensityScale.paperScore(!map.startsWith("critic"), 1, "").quantity();
        return new IntensityScale(p > 0 ? p : 1e-9, quantity, abs != null ? abs.unit() : "", IntensityScale.PER_CLIP);
    }

    /** An exported file by its id. */
    Path file(String id) {
        Path p = done.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no export " + id);
        }
        return p;
    }

    /** Deletes the exports made (the browser has downloaded them; nothing serves them once the viewer stops) and their folder if empty. */
    void deleteAll() throws IOException {
        for (Path p : done.values()) {
            Files.deleteIfExists(p);
        }
        done.clear();
        try (var left = Files.list(folder)) {
            if (left.findAny().isEmpty()) {
                Files.delete(folder);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // never created: nothing was exported
        }
    }
}
