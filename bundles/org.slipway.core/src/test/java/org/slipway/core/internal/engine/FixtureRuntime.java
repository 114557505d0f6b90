package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slipway.api.ConfigurationChange;
import org.slipway.api.FeatureChange;

/**
 * A {@link ReleaseRuntime} over a scenario folder under {@code src/test/resources/upgrades/} (format in
 * its README.md). Installing a feature version behaves like Karaf's upgrade: bundles of the installed
 * version with the same symbolic name are updated in place (same id), the rest installed or uninstalled,
 * then every import is rewired. Failures, verification problems, resolver messages, a latch in install and
 * a halt at a named checkpoint are scripted by the tests; every call is recorded in {@link #calls}.
 */
public final class FixtureRuntime implements ReleaseRuntime {

    /** Thrown by {@link #checkpoint(String)} at the scripted step: the JVM "stops" there. */
    static final class Halt extends Error {
        private static final long serialVersionUID = 1L;

        Halt(String step) {
            super("halted at " + step);
        }
    }

    final String feature;
    final String from;
    final String to;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, Exception> installFailures = new HashMap<>();
    public final Map<String, List<String>> verifyProblems = new HashMap<>();
    final Map<String, List<String>> resolveMessages = new HashMap<>();
    /** What installing a feature version writes (scripted by tests), and the configurations now: name to value. */
    final Map<String, List<ConfigurationChange>> writes = new HashMap<>();
    final Map<String, String> configurations = new java.util.TreeMap<>();
    /** The three sides of the release configurations installing a feature version may merge (scripted by tests). */
    public final Map<String, List<ConfigurationSides>> sides = new HashMap<>();
    /** The references ({@code type:name}) Config Admin's interpolation plugin cannot resolve (scripted by tests). */
    final Set<String> unresolved = new HashSet<>();
    /** The metatype of the bundles installing a feature version installs or updates (scripted by tests). */
    final Map<String, List<Designation>> designations = new HashMap<>();
    /** Feature names the fixture's platform owns; none unless a test says so. */
    final java.util.Set<String> platformFeatures = new java.util.HashSet<>();
    /** For each verified feature version, the other bundles verification was asked to check (the last call). */
    final Map<String, List<String>> verified = new HashMap<>();
    /** A features.properties entry naming a dependency feature: {@code feature:name/version}. */
    static final String DEPENDENCY = "feature:";
    volatile String haltAt;
    /**
     * The application's one stateful component: its state (null when it has none), which every install or
     * bundle update throws away as a restart of the component would; the snapshot is "version:state".
     */
    volatile String appState;
    /** What taking the state throws, and the problem restoring it reports for a version (scripted by tests). */
    public volatile RuntimeException snapshotFailure;
    /** The first snapshot (1 = the first) that throws {@link #snapshotFailure}. */
    public int snapshotFailureFrom = 1;
    private int snapshots;
    final Map<String, String> restoreProblems = new HashMap<>();
    volatile Runnable duringInstall;
    volatile CountDownLatch installEntered;
    volatile CountDownLatch installMayGo;

    final Map<Path, BundleInfo> jars = new HashMap<>();
    /** What {@link #keepRevision(long)} throws, when set. */
    IOException keepFailure;
    private final Map<String, BundleInfo> described = new HashMap<>();
    private final Map<String, List<String>> features = new TreeMap<>();
    private final List<BundleInfo> installed = new ArrayList<>();
    private final Map<String, String> installedFeatures = new HashMap<>();
    /** The dependency features installed now, name to version (feature:name/version entries reached). */
    private final Map<String, String> installedDependencies = new TreeMap<>();
    private long nextId = 100;

    private FixtureRuntime(Path folder) throws IOException {
        Properties scenario = properties(folder.resolve("scenario.properties"));
        feature = scenario.getProperty("feature");
        from = blankToNull(scenario.getProperty("from"));
        to = blankToNull(scenario.getProperty("to"));
        try (Stream<Path> files = Files.list(folder.resolve("bundles"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".mf")).toList()) {
                BundleInfo bundle = describe(properties(file));
                described.put(bundle.key(), bundle);
            }
        }
        properties(folder.resolve("features.properties")).forEach((k, v) ->
                features.put((String) k, Arrays.asList(((String) v).trim().split("\\s+"))));
        for (String[] row : table(folder.resolve("installed.txt"))) {
            BundleInfo bundle = bundle(row[2]);
            installed.add(new BundleInfo(Long.parseLong(row[0]), bundle.symbolicName(), bundle.version(), row[1],
                    bundle.exportPackage(), bundle.importPackage(), Map.of(), bundle.components(), bundle.fragment()));
        }
        if (from != null) {
            installedFeatures.put(feature, from);
            resolve(feature + "/" + from, new HashMap<>(), Map.of(), false, installedDependencies);
        }
        Path wiring = folder.resolve("wiring.txt");
        if (Files.exists(wiring)) {
            Map<String, Map<String, Long>> wires = new HashMap<>();
            for (String[] row : table(wiring)) {
                wires.computeIfAbsent(row[0], k -> new TreeMap<>()).put(row[1], installedBundle(row[2]).id());
            }
            installed.replaceAll(b -> with(b, b.state(), wires.getOrDefault(b.key(), Map.of())));
        } else {
            rewire();
        }
    }

    public static FixtureRuntime load(String scenario) {
        try {
            return new FixtureRuntime(Path.of(FixtureRuntime.class.getResource("/upgrades/" + scenario).toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("No scenario upgrades/" + scenario, e);
        }
    }

    /** @return one line per installed bundle, {@code id key state}, sorted by id: the observable state */
    public synchronized List<String> snapshot() {
        return installed.stream().sorted(Comparator.comparingLong(BundleInfo::id))
                .map(b -> b.id() + " " + b.key() + " " + b.state()).toList();
    }

    /** Forgets that {@code name} is installed, leaving its bundles: Karaf stopped before it saved its state. */
    synchronized void forgetFeature(String name) {
        installedFeatures.remove(name);
    }

    /** Uninstalls one bundle by hand, outside any feature, and rewires the rest. */
    synchronized void uninstallBundle(String key) {
        installed.remove(installedBundle(key));
        rewire();
    }

    synchronized BundleInfo installedBundle(String key) {
        return installed.stream().filter(b -> b.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not installed: " + key));
    }

    public List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Override
    public List<String> applicationFeatures() {
        return features.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))).distinct().toList();
    }

    /** The framework and the org.apache.* bundles, like the platform of a Karaf instance. */
    @Override
    public synchronized Platform platform() {
        return new Platform(platformFeatures, installed.stream().filter(b -> b.symbolicName().startsWith("org.apache."))
                .map(BundleInfo::id).collect(Collectors.toSet()));
    }

    @Override
    public List<String> knownVersions(String name) {
        return features.keySet().stream().filter(k -> k.startsWith(name + "/"))
                .map(k -> k.substring(name.length() + 1))
                .sorted(Comparator.comparing(Version::parse)).toList();
    }

    @Override
    public synchronized Optional<String> installedVersion(String name) {
        return Optional.ofNullable(installedFeatures.get(name));
    }

    @Override
    public synchronized List<BundleInfo> installedBundles() {
        return List.copyOf(installed);
    }

    @Override
    public List<BundleInfo> featureBundles(String name, String version) {
        return keys(name + "/" + version).stream().filter(k -> !k.startsWith(DEPENDENCY)).map(this::bundle).toList();
    }

    /** Like Karaf's dry run: the diff of the installed release's closure and the target's, by symbolic name. */
    @Override
    public synchronized Deployment simulate(String name, String version, List<String> along) {
        calls.add("resolve " + name + "/" + version + with(along));
        List<String> messages = resolveMessages.getOrDefault(name + "/" + version + with(along), List.of());
        if (!messages.isEmpty()) {
            return Deployment.failed(messages);
        }
        Map<String, String> owners = new HashMap<>();
        String from = installedFeatures.get(name);
        Map<String, String> before = new TreeMap<>();
        List<BundleInfo> current = from == null ? List.of()
                : resolve(name + "/" + from, owners, installedDependencies, true, before);
        Map<String, String> after = new TreeMap<>();
        List<BundleInfo> target = resolve(name + "/" + version, owners, requested(along), true, after);
        Deployment diff = FeatureDiff.of(installed, current, target, new UpdateRange(bundleUpdateRange()), owners);
        List<FeatureChange> changes = new ArrayList<>();
        after.forEach((n, v) -> {
            if (!v.equals(installedDependencies.get(n))) {
                changes.add(new FeatureChange(FeatureChange.Action.INSTALL, n, v));
            }
        });
        before.forEach((n, v) -> {
            if (!v.equals(after.get(n))) {
                changes.add(new FeatureChange(FeatureChange.Action.UNINSTALL, n, v));
            }
        });
        return new Deployment(diff.failure(), diff.updates(), diff.installs(), diff.uninstalls(), diff.refreshes(),
                diff.owners(), diff.notStarted(), changes, writes.getOrDefault(name + "/" + version, List.of()),
                Map.of(), sides.getOrDefault(name + "/" + version, List.of()),
                designations.getOrDefault(name + "/" + version, List.of()));
    }

    @Override
    public boolean interpolates(String type, String name) {
        return !unresolved.contains(type + ":" + name);
    }

    /** Records each write as {@code write name: set k=v,... remove k,...} or {@code write name: delete}. */
    @Override
    public synchronized void write(List<ConfigurationWrite> writes) {
        for (ConfigurationWrite write : writes) {
            calls.add("write " + write.name() + ": " + (write.delete() ? "delete"
                    : "set " + new TreeMap<>(write.set()) + " remove " + new java.util.TreeSet<>(write.remove())));
        }
    }

    /** @return {@code " with a, b"} for features requested along, or nothing */
    private static String with(List<String> along) {
        return along.isEmpty() ? "" : " with " + String.join(", ", along);
    }

    /** @return the features requested along, name to version */
    private static Map<String, String> requested(List<String> along) {
        Map<String, String> requested = new HashMap<>();
        along.forEach(id -> requested.put(id.substring(0, id.indexOf('/')), id.substring(id.indexOf('/') + 1)));
        return requested;
    }

    /** Each configuration's value now, or {@code absent}. */
    @Override
    public synchronized Map<String, String> capture(List<ConfigurationChange> changes) {
        if (!changes.isEmpty()) {
            calls.add("capture " + changes.stream().map(ConfigurationChange::target).collect(Collectors.joining(",")));
        }
        Map<String, String> captured = new java.util.TreeMap<>();
        changes.forEach(c -> captured.put(c.target(), configurations.getOrDefault(c.target(), "absent")));
        return captured;
    }

    @Override
    public synchronized void restore(Map<String, String> captured) {
        if (!captured.isEmpty()) {
            calls.add("restore " + String.join(",", captured.keySet()));
        }
        captured.forEach((k, v) -> {
            if (v.equals("absent")) {
                configurations.remove(k);
            } else {
                configurations.put(k, v);
            }
        });
    }

    /**
     * A feature's bundles and those of its dependencies ({@code feature:name/version} entries), transitively. As
     * Karaf's resolver does, a dependency's version is a lower bound ({@code latest}: the latest known version at
     * or above it is taken) unless {@code prefer} names that feature; each dependency reached goes into
     * {@code reached}, name to version.
     */
    private List<BundleInfo> resolve(String id, Map<String, String> owners, Map<String, String> prefer,
            boolean latest, Map<String, String> reached) {
        List<BundleInfo> bundles = new ArrayList<>();
        for (String key : keys(id)) {
            if (key.startsWith(DEPENDENCY)) {
                String dependency = key.substring(DEPENDENCY.length());
                String name = dependency.substring(0, dependency.indexOf('/'));
                String least = dependency.substring(dependency.indexOf('/') + 1);
                String version = prefer.containsKey(name) ? prefer.get(name) : latest
                        ? knownVersions(name).stream().filter(v -> Version.parse(v).compareTo(Version.parse(least)) >= 0)
                                .reduce((a, b) -> b).orElse(least)
                        : least;
                reached.put(name, version);
                resolve(name + "/" + version, owners, prefer, latest, reached).stream()
                        .filter(b -> !bundles.contains(b)).forEach(bundles::add);
            } else {
                owners.putIfAbsent(key, id);
                bundles.add(bundle(key));
            }
        }
        return bundles;
    }

    private List<String> keys(String id) {
        List<String> keys = features.get(id);
        if (keys == null) {
            throw new IllegalArgumentException("Feature \"" + id.replace("/", "\" has no version "));
        }
        return keys;
    }

    /** Every step of every change, as told. */
    final List<org.slipway.api.ChangeStep> steps = new CopyOnWriteArrayList<>();

    @Override
    public void progress(org.slipway.api.ChangeStep step) {
        steps.add(step);
    }

    @Override
    public CallHold holdCalls(Duration quiet) {
        calls.add("hold");
        return () -> calls.add("release");
    }

    @Override
    public Map<String, String> snapshotState(Duration timeout) {
        calls.add("snapshotState");
        if (snapshotFailure != null && ++snapshots >= snapshotFailureFrom) {
            throw snapshotFailure;
        }
        String version = installedFeatures.get(feature);
        return appState == null ? Map.of() : Map.of("app", version + ":" + appState);
    }

    @Override
    public List<String> restoreState(Map<String, String> snapshots, Duration timeout) {
        String version = installedFeatures.get(feature);
        calls.add("handOver " + version + " " + snapshots.values());
        String problem = restoreProblems.get(version);
        if (problem != null) {
            return List.of(problem);
        }
        String snapshot = snapshots.get("app");
        if (snapshot != null) {
            appState = snapshot.substring(snapshot.indexOf(':') + 1);
        }
        return List.of();
    }

    @Override
    public void install(String name, String version, List<String> along) throws Exception {
        calls.add("install " + name + "/" + version + with(along));
        appState = null;
        if (installEntered != null) {
            installEntered.countDown();
            installMayGo.await();
        }
        synchronized (this) {
            List<BundleInfo> owned = installedFeatures.containsKey(name)
                    ? resolve(name + "/" + installedFeatures.get(name), new HashMap<>(), installedDependencies, true,
                            new HashMap<>()).stream().map(b -> installedBundle(b.key()))
                            .collect(Collectors.toCollection(ArrayList::new))
                    : new ArrayList<>();
            Map<String, String> reached = new TreeMap<>();
            for (BundleInfo wanted : resolve(name + "/" + version, new HashMap<>(), requested(along), true, reached)) {
                Optional<BundleInfo> same = installed.stream().filter(b -> b.key().equals(wanted.key())).findFirst();
                Optional<BundleInfo> old = owned.stream()
                        .filter(b -> b.symbolicName().equals(wanted.symbolicName())).findFirst();
                if (same.isPresent()) {
                    owned.remove(same.get());
                } else if (old.isPresent()) {
                    owned.remove(old.get());
                    installed.set(installed.indexOf(old.get()), withId(wanted, old.get().id()));
                } else {
                    installed.add(withId(wanted, nextId++));
                }
            }
            installed.removeAll(owned);
            installedFeatures.put(name, version);
            installedDependencies.clear();
            installedDependencies.putAll(reached);
            rewire();
            writes.getOrDefault(name + "/" + version, List.of()).forEach(c -> configurations.put(c.target(),
                    String.valueOf(c.properties())));
        }
        if (duringInstall != null) {
            duringInstall.run();
        }
        Exception failure = installFailures.get(name + "/" + version);
        if (failure != null) {
            throw failure; // after changing: the system is half-changed, as Karaf leaves it
        }
    }

    @Override
    public synchronized void uninstall(String name, String version) throws Exception {
        calls.add("uninstall " + name + "/" + version);
        List<String> keys = resolve(name + "/" + version, new HashMap<>(), installedDependencies, true, new HashMap<>())
                .stream().map(BundleInfo::key).toList();
        installed.removeIf(b -> keys.contains(b.key()));
        installedFeatures.remove(name);
        installedDependencies.clear();
        rewire();
    }

    @Override
    public List<String> verify(String name, String version, List<String> also, Duration timeout) {
        calls.add("verify " + name + "/" + version);
        verified.put(name + "/" + version, List.copyOf(also));
        List<String> problems = new ArrayList<>(verifyProblems.getOrDefault(name + "/" + version, List.of()));
        also.forEach(key -> problems.addAll(verifyProblems.getOrDefault(key, List.of())));
        return problems;
    }

    /** Updates in place from a jar the test put in {@link #jars} or that {@link #keepRevision(long)} kept. */
    @Override
    public void updateBundle(long id, Path jar) throws Exception {
        calls.add("updateBundle " + id + " " + jar.getFileName());
        appState = null;
        BundleInfo next;
        synchronized (this) {
            BundleInfo current = installed.stream().filter(b -> b.id() == id).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Bundle " + id + " is not installed"));
            next = requireNonNull(jars.get(jar), "no jar " + jar);
            installed.set(installed.indexOf(current), withId(next, id));
            rewire();
        }
        Exception failure = installFailures.get("bundle " + next.key());
        if (failure != null) {
            throw failure;
        }
    }

    /** Keeps the running revision as {@code kept-<id>-<version>.jar}, unless {@link #keepFailure} says otherwise. */
    @Override
    public synchronized Path keepRevision(long id) throws IOException {
        calls.add("keepRevision " + id);
        if (keepFailure != null) {
            throw keepFailure;
        }
        BundleInfo current = installed.stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new IllegalStateException("Bundle " + id + " is not installed"));
        Path kept = Path.of("kept-" + id + "-" + current.version() + ".jar");
        jars.put(kept, current);
        return kept;
    }

    @Override
    public List<String> verifyBundles(List<BundleInfo> bundles, Duration timeout) {
        calls.add("verifyBundles " + bundles.stream().map(BundleInfo::key).collect(Collectors.joining(",")));
        return bundles.stream().flatMap(b -> verifyProblems.getOrDefault(b.key(), List.of()).stream()).toList();
    }

    /** A bundle as its fixture manifest describes it, not installed: what a jar of it holds. */
    BundleInfo described(String key) {
        return bundle(key);
    }

    @Override
    public void checkpoint(String step) {
        calls.add("checkpoint " + step);
        if (step.equals(haltAt)) {
            throw new Halt(step);
        }
    }

    /** Wires every import to the installed exporter of the highest matching version, lowest id first. */
    private void rewire() {
        List<BundleInfo> current = List.copyOf(installed);
        installed.replaceAll(bundle -> {
            Map<String, Long> wires = new TreeMap<>();
            for (PackageImport wanted : PackageHeaders.imports(bundle.importPackage())) {
                current.stream().sorted(Comparator.comparingLong(BundleInfo::id))
                        .flatMap(b -> PackageHeaders.exports(b.exportPackage()).stream()
                                .filter(e -> e.name().equals(wanted.name()) && wanted.range().includes(e.version()))
                                .map(e -> Map.entry(b.id(), e.version())))
                        .max(Map.Entry.<Long, Version>comparingByValue().thenComparing(
                                Map.Entry.<Long, Version>comparingByKey().reversed()))
                        .ifPresent(e -> wires.put(wanted.name(), e.getKey()));
            }
            return with(bundle, bundle.state(), wires);
        });
    }

    private BundleInfo bundle(String key) {
        BundleInfo bundle = described.get(key);
        if (bundle == null) {
            throw new IllegalArgumentException("No bundles/*.mf describes " + key);
        }
        return bundle;
    }

    private static BundleInfo withId(BundleInfo b, long id) {
        return new BundleInfo(id, b.symbolicName(), b.version(), b.fragment() ? "RESOLVED" : "ACTIVE",
                b.exportPackage(), b.importPackage(), Map.of(), b.components(), b.fragment());
    }

    private static BundleInfo with(BundleInfo b, String state, Map<String, Long> wires) {
        return new BundleInfo(b.id(), b.symbolicName(), b.version(), state, b.exportPackage(), b.importPackage(),
                wires, b.components(), b.fragment());
    }

    private static BundleInfo describe(Properties headers) {
        String components = headers.getProperty("Components", "").trim();
        return new BundleInfo(-1, headers.getProperty("Bundle-SymbolicName").trim(),
                Version.parse(headers.getProperty("Bundle-Version")).toString(), "",
                headers.getProperty("Export-Package", "").trim(), headers.getProperty("Import-Package", "").trim(),
                Map.of(), components.isEmpty() ? List.of() : List.of(components.split("\\s*,\\s*")),
                headers.containsKey("Fragment-Host"));
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static List<String[]> table(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")).toList();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
