package org.atarisaliency.study.server;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** At most {@code max} arrivals per key (a client address) within a sliding window; thread-safe. */
final class ArrivalLimit {
    private final int max;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> arrivals = new HashMap<>();

    ArrivalLimit(int max, long windowMillis) {
        this.max = max;
        this.windowMillis = windowMillis;
    }

    /** Counts one arrival of {@code key} at {@code now} and says whether it is within the limit (a refused one is not counted). */
    synchronized boolean admit(String key, long now) {
        arrivals.values().removeIf(q -> {
            while (!q.isEmpty() && q.peekFirst() <= now - windowMillis) {
                q.pollFirst();
            }
            return q.isEmpty();
        });
        ArrayDeque<Long> q = arrivals.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() >= max) {
            return false;
        }
        q.addLast(now);
        return true;
    }
}
