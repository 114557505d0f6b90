package org.slipway.testkit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a background load of HTTP GETs saw around a change ({@link Upgrade#withLoad(URI, Duration)}).
 *
 * @param target       the URI every request asked for
 * @param interval     the time between two requests sent
 * @param requests     requests sent, before, during and after the change
 * @param failed       requests that got no 2xx answer (an I/O error, a timeout, any other status)
 * @param duringChange requests in flight at some moment while the change ran
 * @param longestMillis the longest time a request waited for its answer, in ms
 * @param failures     the first failures, each as {@code sent at <ms from the change's start>: <what>}; empty
 *                     when none failed
 */
public record LoadReport(URI target, Duration interval, int requests, int failed, int duringChange,
        long longestMillis, List<String> failures) {

    public LoadReport {
        requireNonNull(target, "target");
        requireNonNull(interval, "interval");
        failures = List.copyOf(failures);
    }

    @Override
    public String toString() {
        return "GET " + target + " every " + interval.toMillis() + " ms: " + requests + " requests ("
                + duringChange + " while the change ran), " + failed + " failed, longest " + longestMillis + " ms"
                + (failures.isEmpty() ? "" : "; " + String.join(" | ", failures));
    }
}
