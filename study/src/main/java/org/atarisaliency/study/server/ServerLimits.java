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
 */
public record ServerLimits(int requestsPerClient, Duration bodyTimeout, int newParticipantsPerClient, Duration newParticipantWindow,
                           int eventsPerPage) {
    /** 64 requests at once, 20 s per request body, 300 new participations per address and hour, 2,000 events per page. */
    public static final ServerLimits DEFAULT = new ServerLimits(64, Duration.ofSeconds(20), 300, Duration.ofHours(1), 2000);

    /** Checks that every limit is positive. */
    public ServerLimits {
        if (requestsPerClient < 1 || newParticipantsPerClient < 1 || eventsPerPage < 1 || bodyTimeout.isNegative() || bodyTimeout.isZero()
                || newParticipantWindow.isNegative() || newParticipantWindow.isZero()) {
            throw new IllegalArgumentException("every server limit must be positive: " + this);
        }
    }
}
