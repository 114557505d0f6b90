package org.slipway.core.internal.karaf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slipway.core.internal.engine.BundleInfo;

/**
 * Reads the installed bundles, their package wiring and DS components into plain {@link BundleInfo}s.
 */
final class FrameworkState {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    FrameworkState(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    List<BundleInfo> bundles() {
        List<BundleInfo> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.add(describe(bundle));
        }
        return bundles;
    }

    /** @return the installed bundles themselves */
    List<Bundle> installed() {
        return List.of(context.getBundles());
    }

    /** @return each installed bundle's location, by {@code symbolicName/version} */
    Map<String, String> locations() {
        Map<String, String> locations = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            locations.putIfAbsent(bundle.getSymbolicName() + "/" + bundle.getVersion(), location(bundle));
        }
        return locations;
    }

    /** @return a framework property (config.properties), or a system property; {@code null} when unset */
    String property(String name) {
        return context.getProperty(name);
    }

    /**
     * Raises the framework's start level to {@code level} (never lowers it) and waits up to {@code wait} for
     * the framework to reach it.
     *
     * @return whether it was reached in time
     */
    boolean raiseStartLevel(int level, Duration wait) throws InterruptedException {
        FrameworkStartLevel framework = context.getBundle(0).adapt(FrameworkStartLevel.class);
        if (framework.getStartLevel() >= level) {
            return true;
        }
        CountDownLatch reached = new CountDownLatch(1);
        framework.setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        return reached.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return the ids of the framework, of bundles at {@code platform} locations, and of bundles whose start
     *         level is below {@code applicationStartLevel} that are not at an {@code application} location
     */
    Set<Long> platformBundles(Set<String> platform, Set<String> application, int applicationStartLevel) {
        Set<Long> ids = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
            String location = location(bundle);
            if (bundle.getBundleId() == 0 || platform.contains(location)
                    || level != null && level.getStartLevel() < applicationStartLevel
                            && !application.contains(location)) {
                ids.add(bundle.getBundleId());
            }
        }
        return ids;
    }

    BundleInfo describe(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        List<String> components = scr.getComponentDescriptionDTOs(bundle).stream()
                .map(d -> d.name)
                .collect(Collectors.toList());
        return new BundleInfo(bundle.getBundleId(), String.valueOf(bundle.getSymbolicName()),
                bundle.getVersion().toString(), stateName(bundle.getState()),
                header(bundle, "Export-Package"), header(bundle, "Import-Package"),
                wiring(bundle), components, fragment);
    }

    /**
     * @return where the bundle's current revision came from: Karaf updates a bundle in place with
     *         {@code Bundle.update(InputStream)} and records the new URL as {@code Bundle-UpdateLocation},
     *         while {@code getLocation()} keeps the URL it was first installed from
     */
    static String location(Bundle bundle) {
        String updated = bundle.getHeaders("").get("Bundle-UpdateLocation");
        return updated != null && !updated.isBlank() ? updated.trim() : bundle.getLocation();
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNINSTALLED";
        }
    }

    private static Map<String, Long> wiring(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        Map<String, Long> wiredTo = new HashMap<>();
        if (wiring == null) {
            return wiredTo;
        }
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            Object name = wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            wiredTo.put(String.valueOf(name), wire.getProvider().getBundle().getBundleId());
        }
        return wiredTo;
    }

    private static String header(Bundle bundle, String name) {
        String value = bundle.getHeaders("").get(name);
        return value == null ? "" : value;
    }
}
