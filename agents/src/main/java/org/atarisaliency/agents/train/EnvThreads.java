package org.atarisaliency.agents.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Steps a collector's environments in two halves at once (each env is independent; the outcome does not depend on the split). */
final class EnvThreads {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "collector-envs");
        t.setDaemon(true);
        return t;
    });

    private EnvThreads() {
    }

    /** Runs {@code body} for 0..n-1, the upper half on a second thread. */
    static void inHalves(int n, IntConsumer body) throws InterruptedException {
        int half = n / 2;
        if (half == 0) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        Future<?> upper = POOL.submit(() -> {
            for (int i = half; i < n; i++) {
                body.accept(i);
            }
        });
        for (int i = 0; i < half; i++) {
            body.accept(i);
        }
        try {
            upper.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
