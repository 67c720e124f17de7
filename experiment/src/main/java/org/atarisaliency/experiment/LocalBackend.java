package org.atarisaliency.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs jobs on a pool of worker threads in this process, with overall progress every 200 ms. */
public final class LocalBackend implements JobBackend {
    private final int workers;

    /** @param workers  jobs run at once */
    public LocalBackend(int workers) {
        this.workers = Math.max(1, workers);
    }

    @Override
    public int[] run(String experiment, List<JobSpec> jobs, RunStore store, ExperimentRunner.Listener listener)
            throws IOException, InterruptedException {
        Map<String, Double> running = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        int[] counts = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "experiment-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (JobSpec job : jobs) {
                futures.add(pool.submit(() -> {
                    running.put(job.id(), 0.0);
                    store.setStatus(job, "running", null, null);
                    long s = System.nanoTime();
                    String error = null;
                    try {
                        JobExecutor.execute(job, experiment, store.dir(), f -> running.put(job.id(), f));
                    } catch (Throwable e) {
                        error = ExperimentRunner.oneLine(e);
                        store.writeErrorLog(job, e);
                    }
                    double seconds = (System.nanoTime() - s) / 1e9;
                    running.remove(job.id());
                    synchronized (counts) {
                        counts[error == null ? 0 : 1]++;
                    }
                    store.setStatus(job, error == null ? "done" : "failed", seconds, error);
                    listener.onJobEnd(job, error == null ? "done" : "failed", seconds, error);
                    return null;
                }));
            }
            while (!jobs.isEmpty()) {
                boolean all = futures.stream().allMatch(Future::isDone);
                int finished;
                synchronized (counts) {
                    finished = counts[0] + counts[1];
                }
                double fraction = (finished + running.values().stream().mapToDouble(Double::doubleValue).sum()) / jobs.size();
                listener.onProgress(finished, jobs.size(), fraction, (System.nanoTime() - t0) / 1e9, new ArrayList<>(running.keySet()));
                if (all) {
                    break;
                }
                Thread.sleep(200);
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // a job's own failure is recorded above; this is the bookkeeping failing (e.g. the manifest not writable)
                    Throwable c = e.getCause();
                    throw c instanceof IOException io ? io : new IOException(c.getMessage(), c);
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        return counts;
    }
}
