package org.atarisaliency.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code view} opens, recognised from its files (the rules of notebooks/atari_run.py): a {@code record} output (STEM,
 * STEM.mp4, or a folder with exactly one recording), an experiment run (manifest.json: its jobs), a study folder (study.json: its
 * clips), a {@code maps} job, a progression job (checkpoints compared), and the {@code saliency}, {@code memory}, {@code intervene}
 * and {@code shortcut} output folders. A view is a JSON tree for the page; the recordings it shows are registered by id, and the
 * files it links (charts, videos) by id, so the server serves nothing else.
 */
public final class ViewTarget implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The analysis commands whose folders are recognised by these files, their provenance in the first. */
    private static final Map<String, List<String>> ANALYSES = Map.of("memory", List.of("summary.json", "memory.csv"),
            "intervene", List.of("summary.json", "interventions.csv"), "shortcut", List.of("summary.json", "scores.csv"));

    private final List<Recording> runs = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Path> items = new ArrayList<>();
    private final Map<String, Object> root;

    private ViewTarget(List<Path> paths) throws IOException {
        if (paths.size() == 2) {
            List<Object> both = new ArrayList<>();
            for (Path p : paths) {
                Map<String, Object> v = view(p);
                if (!(v.get("runs") instanceof List<?> rs) || rs.size() != 1) {
                    throw new NotViewableException("compare takes two recordings (record outputs or maps jobs); " + p + " is a " + v.get("kind"));
                }
                both.addAll(rs);
            }
            root = new LinkedHashMap<>(Map.of("kind", "compare", "title", "compare", "runs", both));
        } else {
            root = view(paths.get(0));
        }
    }

    /** Opens one path, or two recordings to compare; a {@link NotViewableException} when a path is none of the above. */
    public static ViewTarget open(List<Path> paths) throws IOException {
        if (paths.isEmpty() || paths.size() > 2) {
            throw new IllegalArgumentException("view takes one path, or two recordings to compare; got " + paths.size());
        }
        return new ViewTarget(paths);
    }

    /** The view of what was opened. */
    public synchronized Map<String, Object> root() {
        return root;
    }

    /** The view of listed item {@code i} (a run's job, a study's clip). */
    synchronized Map<String, Object> item(int i) throws IOException {
        if (i < 0 || i >= items.size()) {
            throw new IllegalArgumentException("no item " + i);
        }
        return view(items.get(i));
    }

    synchronized Recording run(int id) {
        if (id < 0 || id >= runs.size()) {
            throw new IllegalArgumentException("no run " + id);
        }
        return runs.get(id);
    }

    synchronized Path file(int id) {
        if (id < 0 || id >= files.size()) {
            throw new IllegalArgumentException("no file " + id);
        }
        return files.get(id);
    }

    private Map<String, Object> view(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        Path stem = stemOf(p);
        if (stem != null) {
            return single(Recording.ofStem(stem, readJson(Path.of(stem + ".run.json"))), "recording");
        }
        if (!Files.isDirectory(p)) {
            throw notViewable(path);
        }
        if (Files.isRegularFile(p.resolve("manifest.json"))) {
            return experiment(p);
        }
        if (Files.isRegularFile(p.resolve("study.json"))) {
            return study(p);
        }
        for (Map.Entry<String, List<String>> a : ANALYSES.entrySet()) {
            if (a.getValue().stream().allMatch(f -> Files.isRegularFile(p.resolve(f))) && command(p.resolve(a.getValue().get(0))).equals(a.getKey())) {
                return analysis(p, a.getKey());
            }
        }
        if (Files.isRegularFile(p.resolve("comparison.json"))) {
            return listing(p, "shortcut comparison", subfolders(p));
        }
        if (Files.isRegularFile(p.resolve("run.json")) && command(p.resolve("run.json")).equals("saliency")) {
            return saliency(p);
        }
        List<String> checkpoints = checkpoints(p);
        if (Files.isRegularFile(p.resolve("frames.npy")) && checkpoints.size() >= 2) {
            List<Recording> rs = new ArrayList<>();
            for (String c : checkpoints) {
                rs.add(Recording.ofCheckpoint(p, c, readJson(p.resolve("run.json"))));
            }
            return compare(rs, "progression");
        }
        if (Files.isRegularFile(p.resolve("actor.npy")) && Files.isRegularFile(p.resolve("steps.csv"))) {
            return single(Recording.ofFolder(p, p.getFileName().toString(), readJson(p.resolve("run.json"))), "maps");
        }
        List<Path> stems = recordingsIn(p);
        if (stems.size() == 1) {
            return view(stems.get(0));
        }
        throw notViewable(path);
    }

    /** The one-line error for a path that is none of what the viewer opens. */
    static NotViewableException notViewable(Path path) {
        return new NotViewableException("not a recording, run, study or analysis folder: " + path + "; give a record output (STEM.mp4, "
                + "STEM or its folder), an experiment run folder (manifest.json), a study folder (study.json), or a saliency, memory, "
                + "intervene or shortcut output folder");
    }

    /** The stem of a recording that {@code p} names (STEM.mp4, STEM), or null. */
    private static Path stemOf(Path p) throws IOException {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        Path stem = n.endsWith(".mp4") ? p.resolveSibling(n.substring(0, n.length() - 4)) : p;
        if (Files.isDirectory(stem) || !isRecording(stem)) {
            return null;
        }
        return stem;
    }

    /** Whether STEM.run.json of {@code record} lies beside STEM.actor.npy and STEM.steps.csv. */
    private static boolean isRecording(Path stem) throws IOException {
        Path run = Path.of(stem + ".run.json");
        return Files.isRegularFile(run) && Files.isRegularFile(Path.of(stem + ".actor.npy")) && Files.isRegularFile(Path.of(stem + ".steps.csv"))
                && command(run).equals("record");
    }

    /** The stems of the recordings in a folder. */
    private static List<Path> recordingsIn(Path dir) throws IOException {
        List<Path> stems = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".run.json")) {
                    Path stem = f.resolveSibling(n.substring(0, n.length() - ".run.json".length()));
                    if (isRecording(stem)) {
                        stems.add(stem);
                    }
                }
            }
        }
        return stems;
    }

    /** The checkpoint labels of a progression folder: LABEL.actor.npy files. */
    private static List<String> checkpoints(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".actor.npy"))
                    .map(n -> n.substring(0, n.length() - ".actor.npy".length())).sorted().toList();
        }
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static String command(Path json) {
        try {
            Object c = readJson(json).get("command");
            return c == null ? "" : c.toString();
        } catch (IOException e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(Path json) throws IOException {
        if (!Files.isRegularFile(json)) {
            return Map.of();
        }
        Object v = JSON.readValue(json.toFile(), Object.class);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private Map<String, Object> single(Recording r, String kind) {
        return compare(List.of(r), kind);
    }

    private Map<String, Object> compare(List<Recording> rs, String kind) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("title", String.join(" | ", rs.stream().map(Recording::label).toList()));
        List<Map<String, Object>> d = new ArrayList<>();
        for (Recording r : rs) {
            runs.add(r);
            Map<String, Object> x = new LinkedHashMap<>(r.describe());
            x.put("id", runs.size() - 1);
            if (r.video() != null) {
                files.add(r.video());
                x.put("video", "/file?id=" + (files.size() - 1));
            }
            d.add(x);
        }
        m.put("runs", d);
        return m;
    }

    private Map<String, Object> experiment(Path dir) throws IOException {
        Map<String, Object> manifest = readJson(dir.resolve("manifest.json"));
        List<Path> viewable = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (manifest.get("jobs") instanceof List<?> jobs) {
            for (Object o : jobs) {
                if (o instanceof Map<?, ?> job && "done".equals(job.get("status")) && job.get("dir") != null) {
                    Path jd = dir.resolve(job.get("dir").toString());
                    Path target = "video".equals(job.get("type")) ? jd.resolve("video") : jd;
                    if (Files.isDirectory(jd)) {
                        viewable.add(target);
                        labels.add(job.get("id") + " (" + job.get("type") + ")");
                    }
                }
            }
        }
        return listing(dir, "run " + manifest.getOrDefault("experiment", dir.getFileName()), viewable, labels);
    }

    private Map<String, Object> study(Path dir) throws IOException {
        return listing(dir, "study " + dir.getFileName(), recordingsIn(dir.resolve("videos")));
    }

    private Map<String, Object> listing(Path dir, String title, List<Path> paths) {
        return listing(dir, title, paths, paths.stream().map(p -> dir.relativize(p).toString()).toList());
    }

    private Map<String, Object> listing(Path dir, String title, List<Path> paths, List<String> labels) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            items.add(paths.get(i));
            list.add(Map.of("item", items.size() - 1, "label", labels.get(i)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "list");
        m.put("title", title);
        m.put("items", list);
        return m;
    }

    /** A memory, intervene or shortcut folder: its CSVs' numeric columns as linked plots, its PNG charts. */
    private Map<String, Object> analysis(Path dir, String command) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "analysis");
        m.put("title", command + " " + dir.getFileName());
        List<Map<String, Object>> tables = new ArrayList<>(), images = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".csv") || n.endsWith(".png")) {
                    files.add(f);
                    int id = files.size() - 1;
                    if (n.endsWith(".png")) {
                        images.add(Map.of("name", n, "url", "/file?id=" + id));
                    } else {
                        StepTable t = StepTable.read(f);
                        tables.add(Map.of("name", n, "file", id, "rows", t.rows(), "columns", t.numericColumns()));
                    }
                }
            }
        }
        m.put("tables", tables);
        m.put("images", images);
        return m;
    }

    /** A saliency folder: its one frame's maps (actor.npy ... of that frame), over the frame it was given when that file remains. */
    private Map<String, Object> saliency(Path dir) throws IOException {
        return single(Recording.ofSaliency(dir, readJson(dir.resolve("run.json"))), "saliency");
    }

    @Override
    public synchronized void close() throws IOException {
        for (Recording r : runs) {
            r.close();
        }
    }
}
