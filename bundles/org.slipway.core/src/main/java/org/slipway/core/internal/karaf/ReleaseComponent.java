package org.slipway.core.internal.karaf;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Map;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slipway.api.ReleaseService;
import org.slipway.core.internal.engine.Journal;
import org.slipway.core.internal.engine.ChangeEngine;
import org.slipway.core.internal.engine.ReleaseEngine;
import org.slipway.core.internal.release.Changelogs;
import org.slipway.gate.Gate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the engine to Karaf and offers it as the {@link ReleaseService} — only after crash recovery has
 * finished, so that nothing of Slipway works on a half-changed system.
 * <p>
 * Recovery runs on its own thread: it installs features, and Karaf's feature deployments run one at a
 * time, so recovering on the thread that activates this component (often Karaf's boot deployment) would
 * wait for itself.
 */
@Component(immediate = true, service = {})
public final class ReleaseComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseComponent.class);

    private final Thread starter;
    private volatile ServiceRegistration<?> registration;
    private volatile boolean deactivated;

    @Activate
    public ReleaseComponent(BundleContext context, @Reference FeaturesService features,
            @Reference ServiceComponentRuntime scr, @Reference ConfigurationAdmin configurations,
            @Reference Gate gate) {
        Verifier verifier = new Verifier(context, scr, new HealthChecks(context));
        Path data = dataDirectory(context);
        KarafRuntime runtime = new KarafRuntime(features, configurations, new FrameworkState(context, scr), verifier,
                new BundleUpdater(context, new RevisionStore(data.resolve("revisions"))),
                new StuckThreads(context), gate, new LiveStates(context), new ChangeEvents(context), data);
        ReleaseEngine engine = new ReleaseEngine(runtime,
                new Journal(data, context.getProperty(Environment.PROPERTY)), Clock.systemUTC(),
                megabytes(context, "slipway.minFreeMegabytes", 32), megabytes(context, "slipway.reserveMegabytes", 8),
                Changelogs::of);
        this.starter = new Thread(() -> start(context, engine), "slipway-recovery");
        this.starter.start();
    }

    private void start(BundleContext context, ReleaseEngine engine) {
        try {
            engine.recover().ifPresent(entry -> LOG.warn("Recovered after a crash: {}", entry));
        } catch (Exception e) {
            LOG.error("Crash recovery failed; the release service stays unavailable", e);
            return;
        }
        synchronized (this) {
            if (!deactivated) {
                registration = context.registerService(new String[] {ReleaseService.class.getName(),
                        ChangeEngine.class.getName()}, engine,
                        new Hashtable<>(Map.of("slipway.engine", Boolean.TRUE)));
            }
        }
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        synchronized (this) {
            deactivated = true;
            if (registration != null) {
                registration.unregister();
                registration = null;
            }
        }
        starter.join(5000);
    }

    /** A framework property (etc/config.properties or a system property) in MB, as bytes. */
    private static long megabytes(BundleContext context, String name, long fallback) {
        String value = context.getProperty(name);
        try {
            return (value == null ? fallback : Long.parseLong(value.trim())) * 1024 * 1024;
        } catch (NumberFormatException e) {
            LOG.warn("{} = {} is not a whole number of MB; {} MB is used", name, value, fallback);
            return fallback * 1024 * 1024;
        }
    }

        private static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return data != null ? Path.of(data, "slipway") : context.getDataFile("slipway").toPath();
    }
}
