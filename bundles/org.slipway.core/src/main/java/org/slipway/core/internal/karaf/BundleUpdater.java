package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Updates one bundle in place (same id, same location) from a jar, refreshes what is wired to it, and starts it
 * again, waiting for the refresh to end. Keeps the revisions it moves between in a {@link RevisionStore}.
 */
final class BundleUpdater {

    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;

    private final RevisionStore revisions;

    BundleUpdater(BundleContext context, RevisionStore revisions) {
        this.context = context;
        this.revisions = revisions;
    }

    /** @see RevisionStore#keep(Bundle) */
    Path keep(long id) throws IOException {
        return revisions.keep(installed(id));
    }

    void update(long id, Path jar) throws Exception {
        Bundle bundle = installed(id);
        try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
        }
        revisions.updated(bundle, jar);
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        // Only when bundles are still wired to the old revision: refreshing rewires them. Otherwise the framework
        // dropped the old revision during the update (Felix refreshes an updated bundle at once when nothing
        // depends on it), and a refresh would only stop and start the bundle a second time, running its
        // activator and DS components again, on the framework's one refresh thread.
        if (wiring.getRemovalPendingBundles().contains(bundle)) {
            CompletableFuture<FrameworkEvent> refreshed = new CompletableFuture<>();
            wiring.refreshBundles(List.of(bundle), refreshed::complete);
            FrameworkEvent event = refreshed.get(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (event.getType() == FrameworkEvent.ERROR) {
                throw new IllegalStateException("Refreshing after the update of " + bundle + " failed: "
                        + event.getThrowable(), event.getThrowable());
            }
        }
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        if (!fragment && bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
    }

    private Bundle installed(long id) {
        Bundle bundle = context.getBundle(id);
        if (bundle == null) {
            throw new IllegalStateException("Bundle " + id + " is not installed");
        }
        return bundle;
    }
}
