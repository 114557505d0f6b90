package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.FeaturesService.Option;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slipway.api.ChangeStep;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.UpgradeRequest;
import org.slipway.core.internal.engine.BundleInfo;
import org.slipway.core.internal.engine.CallHold;
import org.slipway.core.internal.engine.ConfigurationWrite;
import org.slipway.core.internal.engine.Deployment;
import org.slipway.core.internal.engine.Platform;
import org.slipway.core.internal.engine.ReleaseRuntime;
import org.slipway.gate.Gate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's seam implemented with Karaf's FeaturesService, the framework and SCR.
 */
final class KarafRuntime implements ReleaseRuntime {

    /** Test-only: halt the JVM at the named executor step, to prove crash recovery. */
    static final String HALT_AT = "slipway.test.haltAt";

    /** The longest wait for calls running into the application to end before a change goes on. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(KarafRuntime.class);

    private final FeaturesService features;
    private final ConfigurationAdmin configurations;
    private final FrameworkState framework;
    private final Verifier verifier;
    private final BundleUpdater updater;
    private final StuckThreads stuck;
    private final Gate gate;
    private final LiveStates states;
    private final ChangeEvents events;
    private final Path base;
    private final ConfigurationSnapshots snapshots;
    private final DependencyPins pins;
    private final Metatypes metatypes;
    private final Interpolations interpolations;
    private final EffectiveConfiguration effective;
    /** Manifests of released bundles, by location: a release's jar never changes, so read it once. */
    private final Map<String, BundleInfo> released = new ConcurrentHashMap<>();

    KarafRuntime(FeaturesService features, ConfigurationAdmin configurations,
            FrameworkState framework, Verifier verifier, BundleUpdater updater, StuckThreads stuck, Gate gate,
            LiveStates states, ChangeEvents events, Path data) {
        this.pins = new DependencyPins(data.resolve("pins"), features);
        this.interpolations = new Interpolations(framework::property);
        this.stuck = stuck;
        this.events = events;
        this.gate = gate;
        this.states = states;
        this.updater = updater;
        this.features = features;
        this.configurations = configurations;
        this.framework = framework;
        this.verifier = verifier;
        this.base = Path.of(System.getProperty("karaf.base", ".")).toAbsolutePath().normalize();
        this.snapshots = new ConfigurationSnapshots(configurations, base,
                java.time.Duration.ofMillis(pollMillis(framework.property("felix.fileinstall.poll")) + 500));
        Environment environment = EnvironmentOverlay.environment(framework::property, false); // logged by the overlay
        this.effective = new EffectiveConfiguration(features, snapshots, environment);
        this.metatypes = new Metatypes(configurations, framework::installed, environment);
    }

    @Override
    public List<String> knownVersions(String feature) {
        try {
            return Arrays.stream(features.listFeatures())
                    .filter(f -> f.getName().equals(feature))
                    .map(Feature::getVersion)
                    .distinct()
                    .sorted((a, b) -> Version.parseVersion(a).compareTo(Version.parseVersion(b)))
                    .collect(Collectors.toList());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the features of the known repositories: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, byte[]> bundleContents(String feature, String version) throws IOException {
        Feature found;
        try {
            found = features.getFeature(feature, version);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read feature " + feature + " " + version + ": " + e.getMessage(), e);
        }
        if (found == null || !found.getVersion().equals(version)) {
            throw new IllegalArgumentException("No feature " + feature + " " + version + " in the known repositories");
        }
        List<org.apache.karaf.features.BundleInfo> bundles = new ArrayList<>(found.getBundles());
        found.getConditional().forEach(c -> bundles.addAll(c.getBundles()));
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (org.apache.karaf.features.BundleInfo bundle : bundles) {
            try (InputStream in = new URL(bundle.getLocation()).openStream()) { // mvn: through Pax URL
                contents.putIfAbsent(bundle.getLocation(), in.readAllBytes());
            }
        }
        return contents;
    }

    /**
     * Features of the repositories the distribution or an operator added: not Karaf's
     * ({@code mvn:org.apache.karaf...}), not Slipway's own, and not one another repository pulls in (such as
     * Pax Web's, referenced by Karaf's standard repository).
     */
    @Override
    public List<String> applicationFeatures() {
        return featureNames(true);
    }

    /**
     * The platform: every feature of the other repositories (Karaf's, Slipway's and those they pull in), and
     * every installed bundle that an installed platform feature brings, or that starts before application
     * bundles (start-up bundles, start level below {@code karaf.startlevel.bundle}) and no installed
     * application feature brings (CXF's features start their own bundles early), or is the framework.
     */
    @Override
    public Platform platform() {
        Set<String> features = new HashSet<>(featureNames(false)); // a release cannot take a platform name over
        Set<String> platform = new HashSet<>();
        Set<String> application = new HashSet<>();
        try {
            for (Feature installed : this.features.listInstalledFeatures()) {
                Set<String> locations = features.contains(installed.getName()) ? platform : application;
                installed.getBundles().forEach(b -> locations.add(b.getLocation()));
                installed.getConditional().forEach(c -> c.getBundles().forEach(b -> locations.add(b.getLocation())));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the installed features: " + e.getMessage(), e);
        }
        return new Platform(features, framework.platformBundles(platform, application, APPLICATION_START_LEVEL));
    }

    /** Karaf's default start level of bundles that are not start-up bundles ({@code karaf.startlevel.bundle}). */
    static final int APPLICATION_START_LEVEL = 80;

    private List<String> featureNames(boolean application) {
        return List.copyOf(new RepositoryKinds(features).featureNames(application));
    }

    @Override
    public Optional<String> installedVersion(String feature) {
        try {
            return Arrays.stream(features.listInstalledFeatures())
                    .filter(f -> f.getName().equals(feature))
                    .map(Feature::getVersion)
                    .findFirst();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list the installed features: " + e.getMessage(), e);
        }
    }

    @Override
    public List<BundleInfo> installedBundles() {
        return framework.bundles();
    }

    @Override
    public List<BundleInfo> featureBundles(String feature, String version) {
        Feature definition = feature(feature, version);
        List<BundleInfo> bundles = new ArrayList<>();
        for (org.apache.karaf.features.BundleInfo bundle : definition.getBundles()) {
            String location = bundle.getLocation();
            bundles.add(described(location));
        }
        return bundles;
    }

    /**
     * Karaf's own dry run, printed verbosely and parsed ({@link DryRunOutput}); the bundles it would install
     * or update described from their manifests, and labelled with the feature that brings them
     * ({@link FeatureClosure}). Requests {@code along}, or else the feature's {@link DependencyPins} moved to the
     * versions {@code version} takes, with it.
     */
    @Override
    public Deployment simulate(String feature, String version, List<String> along) {
        List<String> lines;
        List<String> requested;
        try {
            requested = pins.requests(feature, version, along);
            LOG.debug("Simulating {}", requests(feature, version, requested));
            lines = DryRunCapture.run(() -> features.installFeatures(requests(feature, version, requested),
                    EnumSet.of(Option.Simulate, Option.Upgrade, Option.Verbose)));
        } catch (Exception e) {
            LOG.debug("The features service cannot resolve {}/{}: {}", feature, version, e.getMessage());
            return Deployment.failed(List.of(String.valueOf(e.getMessage())));
        }
        try {
            return new DryRunReader(features, framework, this::described, snapshots, base, metatypes)
                    .read(feature, version, requested, DryRunOutput.parse(lines));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the features of " + feature + "/" + version + ": "
                    + e.getMessage(), e);
        }
    }

    /** Each configuration, its storage file in etc/ ({@code <name>.cfg}, {@code .json}) and each file. */
    @Override
    public Map<String, String> capture(List<ConfigurationChange> changes) {
        List<String> names = new ArrayList<>();
        List<String> files = new ArrayList<>();
        Path etc = Path.of(System.getProperty("karaf.etc", base.resolve("etc").toString())).toAbsolutePath().normalize();
        for (ConfigurationChange change : changes) {
            if (change.kind() == ConfigurationChange.Kind.CONFIGURATION) {
                names.add(change.target());
                files.add(base.relativize(etc.resolve(change.target() + ".cfg")).toString());
                files.add(base.relativize(etc.resolve(change.target() + ".json")).toString());
                files.add(base.relativize(etc.resolve(change.target() + ".config")).toString());
            } else {
                files.add(change.target());
            }
        }
        try {
            return snapshots.capture(names, files);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot capture the configurations the change writes: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(List<ConfigurationWrite> writes) throws Exception {
        for (ConfigurationWrite write : writes) {
            LOG.info("Merging release configuration {}", write);
            snapshots.write(write);
        }
    }

    @Override
    public void restore(Map<String, String> captured) throws Exception {
        if (!captured.isEmpty()) {
            LOG.info("Restoring {} configurations and files", captured.size());
            snapshots.restore(captured);
        }
    }

    /**
     * Installs with upgrade semantics, requesting {@code along} (or the feature's pins, moved) in the same
     * deployment; records them as the feature's pins first.
     */
    @Override
    public void install(String feature, String version, List<String> along) throws Exception {
        List<String> requested = pins.requests(feature, version, along);
        pins.record(feature, requested);
        LOG.info("Installing {}/{} with upgrade semantics{}", feature, version,
                requested.isEmpty() ? "" : ", with " + String.join(", ", requested));
        features.installFeatures(requests(feature, version, requested), EnumSet.of(Option.Upgrade));
    }

    private static Set<String> requests(String feature, String version, List<String> along) {
        Set<String> requests = new java.util.LinkedHashSet<>();
        requests.add(feature + "/" + version);
        requests.addAll(along);
        return requests;
    }

    @Override
    public void uninstall(String feature, String version) throws Exception {
        LOG.info("Uninstalling {}/{}", feature, version);
        features.uninstallFeature(feature, version);
    }

    @Override
    public List<String> verify(String feature, String version, List<String> also, Duration timeout)
            throws InterruptedException {
        List<BundleInfo> expected = new ArrayList<>();
        for (org.apache.karaf.features.BundleInfo bundle : feature(feature, version).getBundles()) {
            if (isExpected(bundle)) {
                expected.add(described(bundle.getLocation()));
            }
        }
        Set<String> named = expected.stream().map(BundleInfo::key).collect(Collectors.toSet());
        for (String key : also) {
            int slash = key.indexOf('/');
            if (slash > 0 && named.add(key)) {
                expected.add(new BundleInfo(-1, key.substring(0, slash), key.substring(slash + 1), "", "", "",
                        Map.of(), List.of(), false));
            }
        }
        return verifier.verify(expected, timeout);
    }

    /**
     * Whether verification expects a feature's bundle running whatever the dry run said: not when it is a
     * {@code dependency="true"} bundle (Karaf installs it only when nothing installed provides what it does; when
     * it does install it, the dry run says so and the change's expectations hold it), has {@code start="false"}
     * or is blacklisted.
     */
    static boolean isExpected(org.apache.karaf.features.BundleInfo bundle) {
        return !bundle.isDependency() && bundle.isStart() && !bundle.isBlacklisted();
    }

    @Override
    public void updateBundle(long id, Path jar) throws Exception {
        LOG.info("Updating bundle {} in place from {}", id, jar);
        updater.update(id, jar);
    }

    @Override
    public Path keepRevision(long id) throws IOException {
        return updater.keep(id);
    }

    @Override
    public List<String> verifyBundles(List<BundleInfo> bundles, Duration timeout) throws InterruptedException {
        return verifier.verify(bundles, timeout);
    }

    /** The features service's configured bundleUpdateRange (PID org.apache.karaf.features), or Karaf's default. */
    @Override
    public String bundleUpdateRange() {
        try {
            Configuration configuration = configurations.getConfiguration("org.apache.karaf.features", null);
            Object value = configuration.getProperties() == null ? null
                    : configuration.getProperties().get("bundleUpdateRange");
            return value == null || value.toString().isBlank() ? ReleaseRuntime.super.bundleUpdateRange() : value.toString();
        } catch (IOException e) {
            LOG.warn("Cannot read the features service configuration; assuming Karaf's default bundleUpdateRange", e);
            return ReleaseRuntime.super.bundleUpdateRange();
        }
    }

    @Override
    public List<String> stuck() {
        return stuck.describe();
    }

    @Override
    public void interruptStuck() {
        stuck.interrupt();
    }

    /** Waits for running calls at most as long as the gate holds new ones: a held call must not time out first. */
    @Override
    public CallHold holdCalls(Duration quiet) throws InterruptedException {
        Gate.Hold hold = gate.close(quiet.compareTo(QUIET) < 0 ? quiet : QUIET);
        if (hold.stillRunning() > 0) {
            LOG.warn("{} calls into the application were still running after {} ms; the change goes on",
                    hold.stillRunning(), QUIET.toMillis());
        }
        return hold::close;
    }

    @Override
    public void progress(ChangeStep step) {
        events.tell(step);
    }

    @Override
    public Map<String, String> snapshotState(Duration timeout) {
        return states.snapshot(timeout);
    }

    @Override
    public List<String> restoreState(Map<String, String> snapshots, Duration timeout) throws InterruptedException {
        return states.restore(snapshots, timeout);
    }

    /**
     * Raises the framework to {@code slipway.startlevel.application} (the distribution starts below
     * application bundles), waiting for it up to the default verification timeout.
     */
    @Override
    public void applicationsMayStart() {
        String level = framework.property(APPLICATION_LEVEL_PROPERTY);
        if (level == null || level.isBlank()) {
            return;
        }
        try {
            if (!framework.raiseStartLevel(Integer.parseInt(level.trim()), UpgradeRequest.DEFAULT_TIMEOUT)) {
                LOG.warn("The framework did not reach start level {} within {}: an application bundle may be stuck "
                        + "starting; {}", level, UpgradeRequest.DEFAULT_TIMEOUT, stuck.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NumberFormatException e) {
            LOG.error("{} = {} is not a start level", APPLICATION_LEVEL_PROPERTY, level);
        }
    }

    /** The framework property naming the start level application bundles may start at, after recovery. */
    static final String APPLICATION_LEVEL_PROPERTY = "slipway.startlevel.application";

    @Override
    public List<org.slipway.api.ConfigurationValue> configuration(String feature, String version) {
        try {
            return effective.of(feature, version, platform().features());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the configuration of " + feature + "/" + version + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean interpolates(String type, String name) {
        return interpolations.resolves(type, name);
    }

    @Override
    public void checkpoint(String step) {
        if (step.equals(System.getProperty(HALT_AT))) {
            LOG.warn("Halting the JVM at step {} ({}={})", step, HALT_AT, step);
            Runtime.getRuntime().halt(99);
        }
    }

    private static long pollMillis(String value) {
        try {
            return value == null ? 1000 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    /** A released bundle's jar never changes: its description is read once (a SNAPSHOT's every time). */
    private BundleInfo described(String location) {
        return location.contains("SNAPSHOT") ? describe(location) : released.computeIfAbsent(location, this::describe);
    }

    private Feature feature(String name, String version) {
        try {
            Feature feature = features.getFeature(name, version);
            if (feature == null) {
                throw new IllegalArgumentException("Feature \"" + name + "\" has no version " + version);
            }
            return feature;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read feature " + name + "/" + version + ": " + e.getMessage(), e);
        }
    }

    /** Reads a bundle's manifest from its location, through the framework's URL handlers (mvn:, file:). */
    private BundleInfo describe(String location) {
        try (InputStream in = new URL(location).openStream(); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new IllegalArgumentException("Bundle " + location + " has no manifest");
            }
            java.util.jar.Attributes main = manifest.getMainAttributes();
            String symbolicName = header(main, "Bundle-SymbolicName").split(";")[0].trim();
            if (symbolicName.isEmpty()) {
                throw new IllegalArgumentException("Bundle " + location + " has no Bundle-SymbolicName");
            }
            String version = Version.parseVersion(header(main, "Bundle-Version")).toString();
            return new BundleInfo(-1, symbolicName, version, "", header(main, "Export-Package"),
                    header(main, "Import-Package"), Map.of(), List.of(), !header(main, "Fragment-Host").isEmpty());
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read bundle " + location + ": " + e.getMessage(), e);
        }
    }

    private static String header(java.util.jar.Attributes attributes, String name) {
        String value = attributes.getValue(name);
        return value == null ? "" : value;
    }
}
