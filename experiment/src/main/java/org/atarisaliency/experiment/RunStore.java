package org.atarisaliency.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.atarisaliency.env.OutputLock;
import org.atarisaliency.env.OutputFiles;
import org.atarisaliency.pipelines.Checksums;
import org.atarisaliency.pipelines.Provenance;
import org.yaml.snakeyaml.Yaml;

/**
 * An experiment's folder: one folder per finished job (job.json first, status.json with every
 * output's size and sha256 last), manifest.json (config, versions, every job's status and
 * timing, rewritten atomically whenever a job ends), logs/ with failed jobs' stack traces, and a
 * lock so that one run at a time writes it.
 */
public final class RunStore implements AutoCloseable {
    /** A job's spec and provenance, written first. */
    public static final String JOB = "job.json";
    /** A job's status with its outputs' checksums, written last: a folder without it is not finished. */
    public static final String STATUS = "status.json";
    /** The experiment's manifest. */
    public static final String MANIFEST = "manifest.json";

    private final Path dir;
    private final Supplier<Map<String, Object>> header;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private final OutputLock lock;

    private RunStore(Path dir, Supplier<Map<String, Object>> header, OutputLock lock) {
        this.dir = dir;
        this.header = header;
        this.lock = lock;
    }

    /**
     * Opens (creating) an experiment folder for writing, removing what a killed run left; refused
     * while another run holds it. {@code header} gives the manifest's fields before its jobs.
     */
    public static RunStore open(Path dir, Supplier<Map<String, Object>> header) throws IOException {
        return open(dir, header, true);
    }

    /** As {@link #open(Path, Supplier)}; {@code removeLeftovers} false keeps other processes' temporaries (jobs running on a cluster). */
    public static RunStore open(Path dir, Supplier<Map<String, Object>> header, boolean removeLeftovers) throws IOException {
        OutputLock lock = OutputLock.folder(dir);
        RunStore store = new RunStore(dir, header, lock);
        if (removeLeftovers) {
            store.removeLeftovers();
        }
        return store;
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** Registers a job as finished earlier ("done") or to run ("pending"). */
    public synchronized void add(JobSpec job, Map<String, Object> finished) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", job.id());
        rec.put("type", job.type());
        rec.put("dir", job.id());
        rec.put("spec_sha256", job.hash());
        if (finished != null) {
            rec.put("status", "done");
            rec.put("seconds", finished.get("seconds"));
            rec.put("finished", finished.get("finished"));
        } else {
            rec.put("status", "pending");
        }
        rec.put("spec", job.spec());
        records.put(job.id(), rec);
    }

    /** Records a job's new status ("running", "done", "failed") and rewrites the manifest. */
    public synchronized void setStatus(JobSpec job, String status, Double seconds, String error) throws IOException {
        setStatus(job, status, seconds, error, Map.of());
    }

    /**
     * As {@link #setStatus(JobSpec, String, Double, String)}, also recording {@code extra} fields in the job's
     * record (where it ran: host, scheduler ids, log file).
     */
    public synchronized void setStatus(JobSpec job, String status, Double seconds, String error, Map<String, Object> extra) throws IOException {
        Map<String, Object> rec = records.get(job.id());
        rec.putAll(extra);
        rec.put("status", status);
        if (seconds != null) {
            rec.put("seconds", seconds);
        }
        if (status.equals("done")) {
            rec.put("finished", Instant.now().toString());
            rec.remove("log");
            // an earlier failure's log no longer applies
            Files.deleteIfExists(dir.resolve("logs").resolve(job.id() + ".error.txt"));
        }
        rec.put("error", error);
        // keep the spec last in the record, for reading
        Object spec = rec.remove("spec");
        rec.put("spec", spec);
        writeManifest();
    }

    /** The stack trace of a failed job, for whoever debugs it: logs/JOB-ID.error.txt (the manifest points to it). */
    public synchronized void writeErrorLog(JobSpec job, Throwable e) {
        try {
            Path logs = Files.createDirectories(dir.resolve("logs"));
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            Files.writeString(logs.resolve(job.id() + ".error.txt"), w.toString(), StandardCharsets.UTF_8);
            records.get(job.id()).put("log", "logs/" + job.id() + ".error.txt");
        } catch (IOException ignored) {
            // the one-line error in the manifest remains
        }
    }

    /** Marks running jobs "interrupted" (at shutdown); whether there were any. */
    public synchronized boolean markInterrupted() {
        boolean any = false;
        for (Map<String, Object> rec : records.values()) {
            if ("running".equals(rec.get("status"))) {
                rec.put("status", "interrupted");
                any = true;
            }
        }
        if (any) {
            try {
                writeManifest();
            } catch (IOException ignored) {
                // best effort while shutting down
            }
        }
        return any;
    }

    /** Rewrites manifest.json: the header, counts by status and every job's record. */
    public synchronized void writeManifest() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(header.get());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (Map<String, Object> rec : records.values()) {
            byStatus.merge(String.valueOf(rec.get("status")), 1L, Long::sum);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("config")) {
                out.put("status", byStatus);
            }
            out.put(e.getKey(), e.getValue());
        }
        out.putIfAbsent("status", byStatus);
        out.put("jobs", new ArrayList<>(records.values()));
        Provenance.writeJson(dir.resolve(MANIFEST), out);
    }

    /**
     * The status of {@code parent/JOB-ID} if it is a finished run of exactly this spec whose
     * outputs are all present with the sizes and checksums recorded when it finished, else null.
     */
    public static Map<String, Object> finishedStatus(JobSpec job, Path parent) {
        Path folder = parent.resolve(job.id());
        Map<String, Object> status = doneStatus(folder, job.hash());
        return status != null && damage(folder, status) == null ? status : null;
    }

    /**
     * The status.json of {@code folder} if it says the spec with hash {@code specSha256} finished
     * there, else null; its outputs are not checked ({@link #damage} does).
     */
    public static Map<String, Object> doneStatus(Path folder, String specSha256) {
        Path status = folder.resolve(STATUS);
        if (!Files.isRegularFile(status)) {
            return null;
        }
        try {
            Object o = new Yaml().load(Files.readString(status, StandardCharsets.UTF_8));
            if (o instanceof Map<?, ?> m && "done".equals(m.get("status")) && specSha256.equals(m.get("spec_sha256"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                return typed;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: not finished
        }
        return null;
    }

    /**
     * What changed in a finished job's folder since its status.json was written: the first output
     * that is missing or whose size or sha256 differs ("video.mp4 missing", "actor.npy changed"),
     * or null when every output is as recorded.
     */
    public static String damage(Path folder, Map<String, Object> status) {
        if (!(status.get("outputs") instanceof Map<?, ?> outputs)) {
            return STATUS + " lists no outputs";
        }
        for (Map.Entry<?, ?> e : outputs.entrySet()) {
            String name = String.valueOf(e.getKey());
            Path f = folder.resolve(name).normalize();
            if (!f.startsWith(folder) || !Files.isRegularFile(f)) {
                return name + " missing";
            }
            try {
                if (!(e.getValue() instanceof Map<?, ?> d) || !(d.get("bytes") instanceof Number n) || Files.size(f) != n.longValue()
                        || !Checksums.sha256(f).equals(d.get("sha256"))) {
                    return name + " changed";
                }
            } catch (IOException ex) {
                return name + " unreadable";
            }
        }
        return null;
    }

    /** Every file of a job folder but status.json, by relative path: its size in bytes and sha256. */
    static Map<String, Object> describeOutputs(Path folder) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = folder.relativize(f).toString().replace('\\', '/');
                if (rel.equals(STATUS)) {
                    continue;
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("bytes", Files.size(f));
                d.put("sha256", Checksums.sha256(f));
                out.put(rel, d);
            }
        }
        return out;
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".tmp-") || n.startsWith(".old-") || n.startsWith("." + MANIFEST)) {
                    OutputFiles.deleteTree(p);
                }
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }

    /** The jobs as recorded (for status reports). */
    public synchronized List<Map<String, Object>> records() {
        return new ArrayList<>(records.values());
    }
}
