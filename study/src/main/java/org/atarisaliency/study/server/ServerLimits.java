package org.atarisaliency.study.server;

import java.time.Duration;

/**
 * What one client (one IP address) may ask of the study server, so that a few misbehaving clients cannot shut
 * real participants out. The defaults suit a lab where many participants share one address.
 *
 * @param requestsPerClient       requests one address may have in progress at once (more get 429 at once)
 * @param bodyTimeout             how long a request may take, from its headers to the end of its body and its
 *                                answer, when it has a body (a slower one is cut by closing its connection)
 * @param newParticipantsPerClient participations one address may start within {@code newParticipantWindow}
 * @param newParticipantWindow    the window of that count
 * @param eventsPerPage           video events stored per participant and page (more are refused with 429)
 * @param connectionsPerClient    connections one address may hold open at once (more are closed when they open)
 * @param headerTimeout           how long a new connection may take to send its first request's headers
 */
public record ServerLimits(int requestsPerClient, Duration bodyTimeout, int newParticipantsPerClient, Duration newParticipantWindow,
                           int eventsPerPage, int connectionsPerClient, Duration headerTimeout) {
    /**
     * 64 requests at once, 20 s per request body, 300 new participations per address and hour, 2,000 events per page,
     * 512 open connections per address (a browser opens up to 6, so a lab of 80 behind one address fits), 10 s for
     * the first request's headers.
     */
    public static final ServerLimits DEFAULT = new ServerLimits(64, Duration.ofSeconds(20), 300, Duration.ofHours(1), 2000, 512,
            Duration.ofSeconds(10));

    /** Checks that every limit is positive. */
    public ServerLimits {
        if (requestsPerClient < 1 || newParticipantsPerClient < 1 || eventsPerPage < 1 || connectionsPerClient < 1
                || !positive(bodyTimeout) || !positive(newParticipantWindow) || !positive(headerTimeout)) {
            throw new IllegalArgumentException("every server limit must be positive: " + this);
        }
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
