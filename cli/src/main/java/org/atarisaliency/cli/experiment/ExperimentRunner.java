package org.atarisaliency.cli.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.atarisaliency.cli.ExitCodes;
import org.atarisaliency.cli.Main;
import org.atarisaliency.cli.Provenance;

/**
 * Runs an experiment's jobs on a local pool of worker threads. Each job writes into a temporary
 * folder; its status.json is written last and the folder is then renamed to the job's id, so a
 * job counts as finished only when all its files are complete (a kill at any moment leaves at
 * most a temporary folder, removed by the next run). A finished job whose spec hash matches is
 * skipped; {@code force} recomputes. manifest.json is rewritten (atomically) whenever a job ends.
 */
public final class ExperimentRunner {

    /** How to run. */
    public record Options(Path out, int workers, boolean force) {
    }

    /** Reports progress and job endings. */
    public interface Listener {
        void onProgress(int finished, int total, double fraction, double elapsedSeconds, List<String> running);

        void onJobEnd(JobSpec job, String status, double seconds, String error);

        /** A job finished by an earlier run with the same spec (reported before any job starts). */
        default void onAlreadyDone(JobSpec job, double seconds) {
        }
    }

    /** What happened: counts by status. */
    public record Summary(Path dir, int total, int alreadyDone, int done, int failed) {
    }

    private final ExperimentPlan plan;
    private final Options options;
    private final Path dir;
    private final Map<String, Map<String, Object>> records = new LinkedHashMap<>();
    private final Map<String, Double> running = new ConcurrentHashMap<>();

    public ExperimentRunner(ExperimentPlan plan, Options options) {
        this.plan = plan;
        this.options = options;
        this.dir = options.out().resolve(plan.config().name()).toAbsolutePath().normalize();
    }

    /** The experiment's output folder. */
    public Path dir() {
        return dir;
    }

    /** Runs every job that is not finished yet. */
    public Summary run(Listener listener) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another run is writing " + dir + "; wait for it to finish or use another --out");
            }
            return runLocked(listener);
        }
    }

    private Summary runLocked(Listener listener) throws IOException, InterruptedException {
        removeLeftovers();
        List<JobSpec> todo = new ArrayList<>();
        int already = 0;
        for (JobSpec job : plan.jobs()) {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("id", job.id());
            rec.put("type", job.type());
            rec.put("dir", job.id());
            rec.put("spec_sha256", job.hash());
            Map<String, Object> finished = options.force() ? null : JobExecutor.finishedStatus(job, dir);
            if (finished != null) {
                rec.put("status", "done");
                rec.put("seconds", finished.get("seconds"));
                rec.put("finished", finished.get("finished"));
                already++;
                listener.onAlreadyDone(job, finished.get("seconds") instanceof Number n ? n.doubleValue() : Double.NaN);
            } else {
                rec.put("status", "pending");
                todo.add(job);
            }
            rec.put("spec", job.spec());
            records.put(job.id(), rec);
        }
        writeManifest();
        Thread hook = new Thread(this::markInterrupted, "experiment-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        int[] counts = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.workers()), r -> {
            Thread t = new Thread(r, "experiment-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (JobSpec job : todo) {
                futures.add(pool.submit(() -> {
                    running.put(job.id(), 0.0);
                    setStatus(job, "running", null, null);
                    long s = System.nanoTime();
                    String error = null;
                    try {
                        JobExecutor.execute(job, plan.config().name(), dir, f -> running.put(job.id(), f));
                    } catch (Throwable e) {
                        error = ExitCodes.message(e).replace(" (run with --debug for details)", "");
                        writeErrorLog(job, e);
                    }
                    double seconds = (System.nanoTime() - s) / 1e9;
                    running.remove(job.id());
                    synchronized (counts) {
                        counts[error == null ? 0 : 1]++;
                    }
                    setStatus(job, error == null ? "done" : "failed", seconds, error);
                    listener.onJobEnd(job, error == null ? "done" : "failed", seconds, error);
                    return null;
                }));
            }
            while (!todo.isEmpty()) {
                boolean all = true;
                for (var f : futures) {
                    all &= f.isDone();
                }
                int finished;
                synchronized (counts) {
                    finished = counts[0] + counts[1];
                }
                double fraction = (finished + running.values().stream().mapToDouble(Double::doubleValue).sum()) / todo.size();
                listener.onProgress(finished, todo.size(), fraction, (System.nanoTime() - t0) / 1e9, new ArrayList<>(running.keySet()));
                if (all) {
                    break;
                }
                Thread.sleep(200);
            }
            for (var f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // a job's own failure is recorded above; this is the bookkeeping failing (e.g. the manifest not writable)
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        return new Summary(dir, plan.jobs().size(), already, counts[0], counts[1]);
    }

    /** The stack trace of a failed job, for whoever debugs it: logs/JOB-ID.error.txt (the manifest points to it). */
    private void writeErrorLog(JobSpec job, Throwable e) {
        try {
            Path logs = Files.createDirectories(dir.resolve("logs"));
            java.io.StringWriter w = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(w));
            Files.writeString(logs.resolve(job.id() + ".error.txt"), w.toString(), java.nio.charset.StandardCharsets.UTF_8);
            synchronized (this) {
                records.get(job.id()).put("log", "logs/" + job.id() + ".error.txt");
            }
        } catch (IOException ignored) {
            // the one-line error in the manifest remains
        }
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".tmp-") || n.startsWith(".old-") || n.startsWith(".manifest.json")) {
                    JobExecutor.deleteTree(p);
                }
            }
        }
    }

    private synchronized void setStatus(JobSpec job, String status, Double seconds, String error) {
        Map<String, Object> rec = records.get(job.id());
        rec.put("status", status);
        if (seconds != null) {
            rec.put("seconds", seconds);
        }
        if (status.equals("done")) {
            rec.put("finished", Instant.now().toString());
            rec.remove("log");
            try {
                // an earlier failure's log no longer applies
                Files.deleteIfExists(dir.resolve("logs").resolve(job.id() + ".error.txt"));
            } catch (IOException ignored) {
                // a stale log is harmless
            }
        }
        rec.put("error", error);
        // keep the spec last in the record, for reading
        Object spec = rec.remove("spec");
        rec.put("spec", spec);
        try {
            writeManifest();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private synchronized void markInterrupted() {
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
            System.err.println();
            System.err.println("interrupted: unfinished jobs do not count as done; run the same command again to do the rest");
            System.err.flush();
        }
    }

    private synchronized void writeManifest() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", plan.config().name());
        m.put("config_file", plan.config().file().toString());
        m.put("updated", Instant.now().toString());
        m.put("tool", "atari-saliency " + Main.version());
        m.put("system", Provenance.system());
        m.put("workers", options.workers());
        m.put("agents", plan.agents());
        m.put("games", plan.games());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (Map<String, Object> rec : records.values()) {
            byStatus.merge(String.valueOf(rec.get("status")), 1L, Long::sum);
        }
        m.put("status", byStatus);
        m.put("config", plan.config().toJson());
        m.put("jobs", new ArrayList<>(records.values()));
        Provenance.writeJson(dir.resolve("manifest.json"), m);
    }
}
