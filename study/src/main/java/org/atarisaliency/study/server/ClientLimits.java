package org.atarisaliency.study.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A Jetty handler in front of the study's routes: at most {@link ServerLimits#requestsPerClient()} requests in
 * progress per client address (the rest get 429 before anything is read), and a request with a body that is
 * not answered within {@link ServerLimits#bodyTimeout()} (a body trickled byte by byte) has its connection
 * closed, so slow clients cannot hold the server's threads.
 */
final class ClientLimits extends Handler.Wrapper {
    private final ServerLimits limits;
    private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

    ClientLimits(ServerLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String client = Request.getRemoteAddr(request);
        AtomicInteger count = inProgress.computeIfAbsent(client, k -> new AtomicInteger());
        if (count.incrementAndGet() > limits.requestsPerClient()) {
            release(client, count);
            response.setStatus(429);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Content.Sink.write(response, true, "Too many requests at once; please try again in a few seconds.\n", callback);
            return true;
        }
        AtomicBoolean finished = new AtomicBoolean();
        Scheduler.Task deadline = hasBody(request) ? request.getComponents().getScheduler().schedule(() -> {
            if (!finished.get()) {
                request.getConnectionMetaData().getConnection().getEndPoint().close();
            }
        }, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS) : null;
        Runnable done = () -> {
            if (finished.compareAndSet(false, true)) {
                if (deadline != null) {
                    deadline.cancel();
                }
                release(client, count);
            }
        };
        boolean handled;
        try {
            handled = super.handle(request, response, Callback.from(callback, done));
        } catch (Throwable t) {
            done.run();
            throw t;
        }
        if (!handled) {
            done.run();
        }
        return handled;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private void release(String client, AtomicInteger count) {
        if (count.decrementAndGet() <= 0) {
            inProgress.remove(client, count);
        }
    }
}
