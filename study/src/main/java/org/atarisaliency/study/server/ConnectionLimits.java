package org.atarisaliency.study.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Limits on connections, before any request is read (what {@link ClientLimits} cannot see): at most
 * {@link ServerLimits#connectionsPerClient()} open connections per client address (more are closed at once), and a
 * connection whose first request has not arrived within {@link ServerLimits#headerTimeout()} (headers trickled
 * byte by byte, "slowloris") is closed.
 */
final class ConnectionLimits {
    private final ServerLimits limits;
    /** Open connections per client address. */
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    /**
     * The address each open connection was counted under: a closed connection's endpoint may no longer know its
     * remote address, so the count goes down under the address it went up under.
     */
    private final ConcurrentHashMap<Connection, String> countedAs = new ConcurrentHashMap<>();

    ConnectionLimits(ServerLimits limits) {
        this.limits = limits;
    }

    /** Applies these limits to the connector's new connections. */
    void register(Connector connector) {
        Scheduler scheduler = connector.getScheduler();
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                opened(connection, scheduler);
            }

            @Override
            public void onClosed(Connection connection) {
                closed(connection);
            }
        });
    }

    private void opened(Connection connection, Scheduler scheduler) {
        String client = client(connection);
        countedAs.put(connection, client);
        if (open.merge(client, 1, Integer::sum) > limits.connectionsPerClient()) {
            connection.getEndPoint().close();
            return;
        }
        scheduler.schedule(() -> {
            if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0) {
                connection.getEndPoint().close();
            }
        }, limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closed(Connection connection) {
        String client = countedAs.remove(connection);
        if (client != null) {
            open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static String client(Connection connection) {
        SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
