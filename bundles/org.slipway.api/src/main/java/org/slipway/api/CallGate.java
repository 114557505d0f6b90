package org.slipway.api;

import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The gate that holds calls into the application while a change swaps its bundles: the way for in-VM callers
 * to reach a service whose provider may be replaced. HTTP requests to the HTTP Whiteboard pass the same gate
 * without any code.
 * <p>
 * Obtain the service inside the call, not before it, so that a held call reaches the provider that runs after
 * the change:
 *
 * <pre>
 * String answer = gate.call(() -&gt; tracker.getService().greet("Ada").text());
 * </pre>
 *
 * While no change runs, a call runs at once on the caller's thread. While a change runs, it waits until the
 * change has committed (or rolled back) and the state was handed over, then runs; the change in turn waits
 * for calls already running to end before it takes the state.
 */
@ProviderType
public interface CallGate {

    /**
     * Runs {@code call} once no change is swapping the application's bundles.
     *
     * @return what {@code call} returned
     * @throws java.util.concurrent.TimeoutException when the call was held longer than the gate's hold timeout
     *         (configuration {@code org.slipway.gate}, {@code holdTimeoutMillis}, 10 s by default); it did not run
     * @throws Exception what {@code call} threw
     */
    <T> T call(Callable<T> call) throws Exception;
}
