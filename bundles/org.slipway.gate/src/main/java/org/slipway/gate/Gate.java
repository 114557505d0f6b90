package org.slipway.gate;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Holds calls into the application: every HTTP request that Pax Web's Jetty receives, before any servlet,
 * filter or resource is looked up, and every in-VM call made through {@link org.slipway.api.CallGate}.
 * <p>
 * Closing the gate holds each new call, up to the gate's hold timeout (then an HTTP request is answered
 * {@code 503 Service Unavailable} with {@code Retry-After}, an in-VM call fails with a
 * {@link java.util.concurrent.TimeoutException}); the calls already running go on. Opening it lets every held
 * call go on, to whatever now provides the application. Calls made by a thread already inside the gate pass.
 */
@ProviderType
public interface Gate {

    /**
     * Closes the gate, then waits up to {@code quiet} for the calls already running to end.
     *
     * @return the hold; closing it opens the gate
     * @throws InterruptedException when interrupted while waiting; the gate is open again
     */
    Hold close(Duration quiet) throws InterruptedException;

    /** One closing of the gate; holds may overlap, the gate opens when the last one is closed. */
    interface Hold extends AutoCloseable {

        /** @return the calls that were still running when the wait for quiet ended; 0 when all had ended */
        int stillRunning();

        /** Opens the gate (once; later calls do nothing). */
        @Override
        void close();
    }
}
