package org.slipway.testkit;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.slipway.api.BundleChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Plan;
import org.slipway.api.Release;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;

/**
 * A framework of a few bundles and a release service whose upgrade does what the test says, for the kit's own
 * tests: a {@link BundleContext} (a proxy answering getBundles, getServiceReference and getService) and a
 * {@link ReleaseService}.
 */
final class FakeFramework implements ReleaseService {

    /** What an upgrade does to the fake framework, and what it answers or throws. */
    interface Change {
        UpgradeResult apply(UpgradeRequest request, FakeFramework framework)
                throws UpgradeRefusedException, UpgradeFailedException;
    }

    /** One bundle, mutable so that a change can alter it. */
    static final class FakeBundle {
        final long id;
        final String symbolicName;
        volatile String version;
        volatile int state = Bundle.ACTIVE;

        FakeBundle(long id, String symbolicName, String version) {
            this.id = id;
            this.symbolicName = symbolicName;
            this.version = version;
        }
    }

    final List<FakeBundle> bundles = new CopyOnWriteArrayList<>();
    final List<HistoryEntry> history = new CopyOnWriteArrayList<>();
    volatile String installed;
    volatile Change change;

    FakeFramework(String feature, String version, String... bundleNames) {
        this.installed = version;
        long id = 10;
        for (String name : bundleNames) {
            bundles.add(new FakeBundle(id++, name, version));
        }
    }

    FakeBundle bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName.equals(symbolicName)).findFirst().orElseThrow();
    }

    /** Moves every bundle to {@code version}, taking {@code millis}. */
    void moveTo(String version, long millis) {
        sleep(millis);
        bundles.forEach(b -> b.version = version);
        installed = version;
    }

    /** A plan updating every bundle from the installed version to {@code to}. */
    Plan plan(String feature, String to) {
        List<BundleChange> changes = new ArrayList<>();
        for (FakeBundle bundle : bundles) {
            changes.add(new BundleChange(BundleChange.Action.UPDATE, bundle.symbolicName, installed, to,
                    "feature " + feature, feature + "/" + to));
        }
        return new Plan(feature, installed, to, changes, List.of(), List.of(), List.of(), false);
    }

    UpgradeResult result(UpgradeResult.Outcome outcome, Plan plan, String running, String cause) {
        return new UpgradeResult(outcome, plan, running, cause, Duration.ofMillis(42));
    }

    BundleContext context() {
        ReleaseService service = this;
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> bundles.stream().map(FakeFramework::proxy).toArray(Bundle[]::new);
                    case "getServiceReference" -> reference;
                    case "getService" -> service;
                    case "getBundle" -> null;
                    case "toString" -> "fake context";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Bundle proxy(FakeBundle bundle) {
        String version = bundle.version;
        int state = bundle.state;
        return (Bundle) Proxy.newProxyInstance(FakeFramework.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> bundle.symbolicName;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getBundleId" -> bundle.id;
                    case "getState" -> state;
                    case "toString" -> bundle.symbolicName + " " + version;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public UpgradeResult upgrade(UpgradeRequest request) throws UpgradeRefusedException, UpgradeFailedException {
        return change.apply(request, this);
    }

    @Override
    public UpgradeResult rollback(RollbackRequest request) {
        throw new UnsupportedOperationException("rollback");
    }

    @Override
    public List<HistoryEntry> history(String feature) {
        return List.copyOf(history);
    }

    @Override
    public List<String> versions(String feature) {
        return List.of();
    }

    @Override
    public Optional<String> installedVersion(String feature) {
        return Optional.ofNullable(installed);
    }

    @Override
    public List<Release> releases() {
        return List.of();
    }

    @Override
    public List<org.slipway.api.ConfigurationValue> configuration(String feature) {
        return List.of();
    }

    @Override
    public org.slipway.api.ReleaseChangelog changelog(String feature, String from, String to) {
        throw new UnsupportedOperationException("the kit never asks for a changelog");
    }
}
