package org.atarisaliency.viewer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.atarisaliency.env.AtariEnv;
import org.atarisaliency.env.Resize;
import org.atarisaliency.env.ScreenRegion;
import org.atarisaliency.video.IntensityScale;
import org.atarisaliency.video.OverlayStyle;

/**
 * Steps with maps: a {@code record} output (STEM.actor.npy ...), a {@code maps} job folder (actor.npy ...), one checkpoint of a
 * progression job (LABEL.actor.npy beside the shared frames.npy) or a {@code saliency} folder (one frame). Every per-step file is
 * read one step at a time ({@link NpySlices}); what the plots need over all steps (totals, memory reliance, the per-clip
 * percentile) is computed on first request and kept.
 */
final class Recording implements AutoCloseable {
    /** The maps a viewer can overlay, in the order of their toggles. */
    static final List<String> MAP_NAMES = List.of("actor_tv", "critic_dv", "actor", "critic", "chosen", "memory");
    /** Steps sampled for the per-clip percentile (all of them in a clip up to this long). */
    static final int PERCENTILE_SAMPLES = 600;
    /** The per-clip scale's percentile, as record's per-clip mode takes it. */
    static final double PERCENTILE = 99.5;

    private final String label;
    private final Function<String, Path> file;
    private final Map<String, NpySlices> maps = new LinkedHashMap<>();
    private final NpySlices frames;
    private final StepTable steps;
    private final Path video;
    private final Map<String, Object> run;
    private final int length;
    private final int mapSize;
    private final Map<String, double[]> derived = new ConcurrentHashMap<>();
    private volatile Map<Integer, List<Map<String, Object>>> objects;

    private Recording(String label, Function<String, Path> file, Map<String, Object> run) throws IOException {
        this.label = label;
        this.file = file;
        this.run = run;
        int size = 0;
        for (String name : MAP_NAMES) {
            Path p = file.apply(name + ".npy");
            if (Files.isRegularFile(p)) {
                NpySlices s = NpySlices.open(p, 2);
                int[] shape = s.recordShape();
                if (shape[0] == shape[1] && (size == 0 || size == shape[0])) {
                    size = shape[0];
                    maps.put(name, s);
                } else {
                    s.close();
                }
            }
        }
        if (maps.isEmpty()) {
            throw new IOException("no saliency maps in " + file.apply("actor.npy").getParent());
        }
        this.mapSize = size;
        Path f = file.apply("frames.npy");
        this.frames = Files.isRegularFile(f) ? NpySlices.open(f, 3) : null;
        Path csv = file.apply("steps.csv");
        this.steps = Files.isRegularFile(csv) ? StepTable.read(csv) : null;
        Path mp4 = file.apply("mp4");
        this.video = Files.isRegularFile(mp4) ? mp4 : null;
        this.length = maps.values().iterator().next().length();
    }

    /** The record output of {@code stem} (STEM.NAME beside STEM.mp4). */
    static Recording ofStem(Path stem, Map<String, Object> run) throws IOException {
        return new Recording(stem.getFileName().toString(), n -> stem.resolveSibling(stem.getFileName() + "." + n), run);
    }

    /** The files NAME in {@code dir} (a maps job, a saliency folder); {@code label} names it. */
    static Recording ofFolder(Path dir, String label, Map<String, Object> run) throws IOException {
        return new Recording(label, dir::resolve, run);
    }

    /**
     * A {@code saliency} folder: its maps of the agent's input size (actor_80.npy ...), over the frame it was given (run.json's
     * frame, when that file is still there).
     */
    static Recording ofSaliency(Path dir, Map<String, Object> run) throws IOException {
        Path frame = run.get("frame") == null ? dir.resolve("frame.npy") : dir.resolve(run.get("frame").toString());
        return new Recording(dir.getFileName().toString(), n -> n.equals("frames.npy") ? frame
                : MAP_NAMES.contains(n.replace(".npy", "")) ? dir.resolve(n.replace(".npy", "_80.npy")) : dir.resolve(n), run);
    }

    /** One checkpoint of a progression folder: LABEL.NAME, with the folder's shared frames.npy. */
    static Recording ofCheckpoint(Path dir, String checkpoint, Map<String, Object> run) throws IOException {
        return new Recording(checkpoint, n -> n.equals("frames.npy") ? dir.resolve(n) : dir.resolve(checkpoint + "." + n), run);
    }

    /** What the page needs to draw this recording. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("steps", length);
        m.put("fps", fps());
        m.put("hasFrames", frames != null);
        m.put("hasVideo", video != null);
        m.put("mapSize", mapSize);
        ScreenRegion r = region();
        m.put("region", Map.of("x", r.x(), "y", r.y(), "width", r.width(), "height", r.height()));
        List<Map<String, Object>> ms = new ArrayList<>();
        for (String name : maps.keySet()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", name);
            d.put("colour", String.format("#%06x", colour(name)));
            IntensityScale abs = absolute(name);
            d.put("absolute", abs == null ? null : Map.of("full", abs.full(), "caption", abs.caption()));
            d.put("quantity", abs != null ? abs.quantity() : IntensityScale.paperScore(!name.startsWith("critic"), 1, "").quantity());
            d.put("unit", abs != null ? abs.unit() : "");
            ms.add(d);
        }
        m.put("maps", ms);
        List<String> series = new ArrayList<>();
        if (steps != null) {
            for (String c : steps.numericColumns()) {
                if (c.startsWith("p_") || c.equals("value") || c.equals("reward")) {
                    series.add(c);
                }
            }
        }
        if (Files.isRegularFile(file.apply("memory.npy")) && !maps.containsKey("memory")) {
            series.add("reliance");
            m.put("relianceTitle", relianceTitle());
        }
        for (String name : maps.keySet()) {
            series.add("total:" + name);
        }
        m.put("series", series);
        m.put("objects", Files.isRegularFile(file.apply("objects.csv")));
        return m;
    }

    int length() {
        return length;
    }

    Path video() {
        return video;
    }

    /**
     * The memory plot's title in words: the scale_actor column of memory.npy (the paper's actor score) when the memory is scaled
     * by run.json's settings.memory_scale, the largest over its result.memory_parts.
     */
    String relianceTitle() {
        Object scale = run.get("settings") instanceof Map<?, ?> s ? s.get("memory_scale") : null;
        Object parts = run.get("result") instanceof Map<?, ?> r ? r.get("memory_parts") : null;
        String memory = parts instanceof List<?> l && !l.isEmpty()
                ? "the memory " + String.join(" or ", l.stream().map(String::valueOf).toList()) + (l.size() > 1 ? " (the larger)" : "")
                : "the memory";
        return "memory reliance: actor change (\u00bd \u03a3 \u0394logit\u00b2) when " + memory + " is scaled"
                + (scale instanceof Number n ? " by " + n : "");
    }

    /** The recorded frames per second (run.json's settings.fps), 15 when not recorded. */
    int fps() {
        Object settings = run.get("settings");
        if (settings instanceof Map<?, ?> s && s.get("fps") instanceof Number n) {
            return n.intValue();
        }
        return 15;
    }

    /**
     * The part of the screen the maps cover: the A3C agents' rows 35..194 for 80x80 maps (the region the frame composer draws them
     * over); other sizes, whose crop the files do not record, over the whole screen.
     */
    ScreenRegion region() {
        return mapSize == 80 ? ScreenRegion.A3C : new ScreenRegion(0, 0, AtariEnv.WIDTH, AtariEnv.HEIGHT);
    }

    /** The absolute scale of a map (TV distance, |dV|), or null for the paper's scores, which have none. */
    static IntensityScale absolute(String map) {
        return switch (map) {
            case "actor_tv" -> IntensityScale.ACTOR_TV;
            case "critic_dv" -> IntensityScale.CRITIC_DV;
            default -> null;
        };
    }

    /** The overlay colour of a map: the actor's and critic's of the readable style, others their own. */
    static int colour(String map) {
        if (map.startsWith("actor")) {
            return OverlayStyle.READABLE.actor();
        }
        if (map.startsWith("critic")) {
            return OverlayStyle.READABLE.critic();
        }
        return map.equals("chosen") ? 0xe040fb : 0x40d080;
    }

    /** The raw RGB screen of step t (210 x 160 x 3), or null without frames. */
    byte[] frame(int t) throws IOException {
        return frames == null ? null : frames.bytes(Math.min(t, frames.length() - 1));
    }

    /** Map {@code name} of step t as written (mapSize x mapSize). */
    float[] map(String name, int t) throws IOException {
        return slices(name).floats(t);
    }

    int mapSize() {
        return mapSize;
    }

    /** Map {@code name} of step t upsampled bilinearly onto {@link #region()}, as the frame composer draws it. */
    float[] mapOnScreen(String name, int t) throws IOException {
        ScreenRegion r = region();
        return Resize.resize(map(name, t), mapSize, mapSize, r.width(), r.height());
    }

    private NpySlices slices(String name) {
        NpySlices s = maps.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no map " + name + " in " + label);
        }
        return s;
    }

    /** A plot's series over all steps: a steps.csv column, "reliance", or "total:MAP". */
    double[] series(String name) throws IOException {
        double[] d = derived.get(name);
        if (d != null) {
            return d;
        }
        if (name.startsWith("total:")) {
            d = slices(name.substring(6)).sums();
        } else if (name.equals("reliance")) {
            d = reliance();
        } else {
            d = steps == null ? null : steps.column(name);
            if (d == null) {
                throw new IllegalArgumentException("no series " + name + " in " + label);
            }
        }
        derived.put(name, d);
        return d;
    }

    /** Memory reliance per step: the largest scale_actor score over the state parts (STEM.memory.npy, T x parts x 6; {@link #relianceTitle()}). */
    private double[] reliance() throws IOException {
        try (NpySlices s = NpySlices.open(file.apply("memory.npy"), 2)) {
            double[] d = new double[s.length()];
            int columns = s.recordShape()[1];
            for (int t = 0; t < d.length; t++) {
                float[] row = s.floats(t);
                for (int p = 0; p < row.length; p += columns) {
                    d[t] = Math.max(d[t], row[p]);
                }
            }
            return d;
        }
    }

    /** The per-clip scale of a map: the 99.5th percentile of its values over (a sample of at most 600 evenly spaced) steps. */
    double percentile(String name) throws IOException {
        double[] cached = derived.get("percentile:" + name);
        if (cached != null) {
            return cached[0];
        }
        NpySlices s = slices(name);
        int n = Math.min(s.length(), PERCENTILE_SAMPLES);
        int size = mapSize * mapSize;
        float[] all = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(s.floats((int) ((long) i * s.length() / n)), 0, all, i * size, size);
        }
        Arrays.sort(all);
        double p = all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) Math.floor(PERCENTILE / 100 * (all.length - 1)))];
        derived.put("percentile:" + name, new double[] {p});
        return p;
    }

    /** The object boxes of step t from objects.csv (screen pixels), empty when none were recorded. */
    List<Map<String, Object>> objects(int t) throws IOException {
        if (objects == null) {
            objects = readObjects(file.apply("objects.csv"));
        }
        int step = steps != null && steps.column("step") != null && t < steps.rows() ? (int) steps.column("step")[t] : t;
        return objects.getOrDefault(step, List.of());
    }

    private static Map<Integer, List<Map<String, Object>>> readObjects(Path csv) throws IOException {
        Map<Integer, List<Map<String, Object>>> m = new HashMap<>();
        if (!Files.isRegularFile(csv)) {
            return m;
        }
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] c = line.split(",", -1);
                if (c.length < 6 || c[2].isEmpty()) {
                    continue; // an object not in play
                }
                m.computeIfAbsent(Integer.parseInt(c[0]), k -> new ArrayList<>()).add(Map.of("name", c[1], "top", Integer.parseInt(c[2]),
                        "left", Integer.parseInt(c[3]), "height", Integer.parseInt(c[4]), "width", Integer.parseInt(c[5])));
            }
        }
        return m;
    }

    String label() {
        return label;
    }

    @Override
    public void close() throws IOException {
        for (NpySlices s : maps.values()) {
            s.close();
        }
        if (frames != null) {
            frames.close();
        }
    }
}
