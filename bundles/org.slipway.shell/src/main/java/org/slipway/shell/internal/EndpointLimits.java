package org.slipway.shell.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * What the management endpoint gives one connection, and how it shares its threads (documented in
 * docs/management-endpoint.md). A connection has {@code head} to send its request line and headers and {@code body}
 * more for its body, else it is answered 408 and closed; {@code readers} connections at most are read at once (a new
 * one beyond that closes the one that has been reading longest). After the head, an admin token's request runs on
 * one of {@code admin} threads and a viewer token's on one of {@code viewer}: when its share is busy, the request is
 * answered 503 with {@code Retry-After}. Unauthenticated requests never reach those threads.
 */
record EndpointLimits(Duration head, Duration body, int headBytes, int bodyBytes, int readers, int admin,
        int viewer) {

    /**
     * The shipped limits: 5 s for the head, 10 s for the body, 64 readers (a reader waits in a read for at most
     * the head and body time, so they are cheap; legitimate clients pass through in milliseconds), 4 admin and 4
     * viewer threads.
     */
    static final EndpointLimits DEFAULTS = new EndpointLimits(Duration.ofSeconds(5), Duration.ofSeconds(10),
            16 * 1024, 64 * 1024, 64, 4, 4);

    EndpointLimits {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(body, "body");
        if (head.isNegative() || head.isZero() || body.isNegative() || body.isZero()) {
            throw new IllegalArgumentException("Timeouts must be positive, were head " + head + ", body " + body);
        }
        if (headBytes < 1 || bodyBytes < 0 || readers < 1 || admin < 1 || viewer < 1) {
            throw new IllegalArgumentException("Limits must be positive: " + headBytes + " head bytes, " + bodyBytes
                    + " body bytes, " + readers + " readers, " + admin + " admin, " + viewer + " viewer threads");
        }
    }
}
