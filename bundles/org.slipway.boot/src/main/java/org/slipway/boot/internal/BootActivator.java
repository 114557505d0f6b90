package org.slipway.boot.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.johnzon.core.JsonProviderImpl;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Guards the features core's files: at start level 2, before the features core (start level 15) starts and reads
 * them, repairs a torn one ({@link FileGuard}); then, for as long as the framework runs, keeps a copy of each
 * complete version Karaf writes ({@link CopyKeeper}), logs the bundles the features service installs
 * ({@link InstallLog}) and keeps a copy of each bundle's {@code bundle.info} for the launcher's cache guard
 * ({@link InfoCopies}, {@link GuardedFrameworkFactory}). Repairs only while the features core has not started yet: once it runs, its files may be
 * in the middle of a write, which is no damage.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class BootActivator implements BundleActivator {

    static final String FEATURES_CORE = "org.apache.karaf.features.core";

    private CopyKeeper copies;
    private InfoCopies infos;
    private SynchronousBundleListener installs;

    @Override
    public void start(BundleContext context) {
        Bundle features = Stream.of(context.getBundles()).filter(b -> FEATURES_CORE.equals(b.getSymbolicName()))
                .findFirst().orElse(null);
        if (features == null) {
            System.err.println("Slipway boot guard: no " + FEATURES_CORE + " bundle; nothing to guard");
            return;
        }
        Path karaf = features.getDataFile(KarafFile.STATE.fileName()).toPath().getParent();
        Path platform = Path.of(context.getProperty("karaf.data"), "slipway", "platform");
        FileGuard guard = new FileGuard(karaf, platform, new JsonProviderImpl(), Clock.systemUTC());
        if ((features.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            Set<Long> bundles = Stream.of(context.getBundles()).map(Bundle::getBundleId).collect(Collectors.toSet());
            List<FileCheck> checks;
            synchronized (guard) {
                checks = guard.check(bundles);
            }
            checks.stream().filter(c -> c.result() != FileCheck.Result.OK)
                    .forEach(c -> System.err.println("Slipway boot guard: " + c));
        }
        long featuresId = features.getBundleId();
        infos = new InfoCopies(karaf.getParent().getParent(), platform);
        infos.keepAll(Stream.of(context.getBundles()).mapToLong(Bundle::getBundleId).toArray());
        installs = event -> {
            long id = event.getBundle().getBundleId();
            if (event.getType() == BundleEvent.UNINSTALLED) {
                infos.forget(id);
            } else {
                infos.keep(id);
            }
            if (event.getType() == BundleEvent.INSTALLED && event.getOrigin() != null
                    && event.getOrigin().getBundleId() == featuresId) {
                guard.installs().add(id);
            }
        };
        context.addBundleListener(installs);
        copies = new CopyKeeper(guard, karaf);
        copies.start();
    }

    @Override
    public void stop(BundleContext context) {
        if (installs != null) {
            context.removeBundleListener(installs);
        }
        if (copies != null) {
            copies.close();
        }
        if (infos != null) {
            infos.close();
        }
    }
}
