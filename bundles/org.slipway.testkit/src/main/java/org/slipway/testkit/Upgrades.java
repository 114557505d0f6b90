package org.slipway.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeRequest;

/**
 * Where a test's upgrade assertions start, inside the container (a Pax Exam probe):
 *
 * <pre>
 * Upgrades.in(context).upgrade("greeter", "1.1.0")
 *         .withLoad(URI.create("http://127.0.0.1:8181/greet?name=Load"))
 *         .after("Ada's count goes on", () -&gt; get("/greet?name=Ada"), "Welcome, Ada! Greeted 4 times. ...")
 *         .expectLive();
 * </pre>
 *
 * Immutable and thread-safe. The changes themselves run one at a time, as the release service allows.
 */
public final class Upgrades {

    /** How long to wait for the release service: it is offered only after crash recovery at start. */
    static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(30);

    private final BundleContext context;

    private Upgrades(BundleContext context) {
        this.context = requireNonNull(context, "context");
    }

    /** @param context the test's bundle context (Pax Exam injects the probe's); not {@code null} */
    public static Upgrades in(BundleContext context) {
        return new Upgrades(context);
    }

    /**
     * A change of {@code feature} to {@code version}, with the release service's default verification timeout,
     * no load and no state check; nothing runs until one of its {@code expect} methods is called.
     *
     * @throws IllegalArgumentException when {@code feature} or {@code version} is blank
     */
    public Upgrade upgrade(String feature, String version) {
        return new Upgrade(context, UpgradeRequest.of(feature, version));
    }

    /**
     * As {@link #upgrade(String, String)}, for a request of the caller's own (a downgrade, a forced change).
     *
     * @param request not {@code null}; a simulated request is refused, it changes nothing to assert on
     */
    public Upgrade upgrade(UpgradeRequest request) {
        requireNonNull(request, "request");
        if (request.simulate()) {
            throw new IllegalArgumentException("A simulated request changes nothing to assert on: " + request);
        }
        return new Upgrade(context, request);
    }

    /**
     * The release service, waiting up to 30 s for it.
     *
     * @throws AssertionError when none is registered by then
     */
    public ReleaseService releaseService() {
        return releaseService(context);
    }

    static ReleaseService releaseService(BundleContext context) {
        long deadline = System.nanoTime() + SERVICE_TIMEOUT.toNanos();
        while (true) {
            ServiceReference<ReleaseService> reference = context.getServiceReference(ReleaseService.class);
            ReleaseService service = reference == null ? null : context.getService(reference);
            if (service != null) {
                return service;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No " + ReleaseService.class.getName() + " service after "
                        + SERVICE_TIMEOUT.toSeconds() + " s: is this the Slipway distribution?");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the release service", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Upgrades in " + context.getBundle();
    }
}
