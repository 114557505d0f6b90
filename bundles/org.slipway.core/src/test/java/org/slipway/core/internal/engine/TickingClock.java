package org.slipway.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves 5 ms forward every time it is read, so that elapsed times are known and positive. */
final class TickingClock extends Clock {

    static final Duration TICK = Duration.ofMillis(5);

    private Instant now = Instant.parse("2026-11-26T07:12:02Z");

    @Override
    public synchronized Instant instant() {
        now = now.plus(TICK);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
