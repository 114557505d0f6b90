package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.slipway.api.BundleChange;
import org.slipway.api.FeatureChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * Issue 13 on a real pair: Slipway's upgrade of Apache CXF's {@code cxf-ws-discovery} 3.5.10 -> 3.6.10, offline
 * in the Slipway distribution (see {@link CxfFixture}). The feature itself lists one bundle; the change is the
 * 16 bundles Karaf's own dry run updates through its dependency features ({@link CxfFixture#UPDATES}), and
 * every one of them must be planned, checked against every importer that stays (an outside bundle included)
 * and verified.
 *
 * <p>One container and one test: each step starts from the state the one before leaves (installing CXF takes
 * 2.5 to 4.5 s here, a fresh container about 12 s), and the steps run in the order an operator would meet them:
 * simulate, be refused, fix the importer, upgrade, roll back. Each step is a method named for what it proves.
 * The plan and the timings are printed (failsafe keeps them in
 * {@code target/failsafe-reports/org.slipway.itests.CxfUpgradeIT-output.txt}) and written to
 * {@code target/cxf-upgrade/record.txt}; Karaf's raw dry run to {@code target/cxf-simulate/} (a copy, for
 * parsers, is {@code src/test/resources/cxf/simulate-3.5.10-to-3.6.10.txt}).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CxfUpgradeIT extends SlipwayTestSupport {

    private static final String FEATURE = CxfFixture.FEATURE;
    private static final String OLD = CxfFixture.OLD;
    private static final String NEW = CxfFixture.NEW;
    /** CXF's main package, exported by cxf-core at the CXF release's version. */
    private static final String CXF_PACKAGE = "org.apache.cxf";
    /** A consumer outside any feature whose import range ends before 3.6: the upgrade must refuse it. */
    private static final String NARROW = "org.slipway.itests.cxf.narrow";
    private static final String NARROW_RANGE = "[3.5,3.6)";
    /** A consumer outside any feature with CXF's own range for its package: the upgrade must refresh it. */
    private static final String WIDE = "org.slipway.itests.cxf.wide";
    private static final String WIDE_RANGE = "[3.5,4)";
    private static final String CONSUMER_VERSION = "1.0.0";

    private static final String SIMULATE_OUTPUT = "cxf-simulate/simulate-3.5.10-to-3.6.10.txt";
    private static final String RECORD = "cxf-upgrade/record.txt";

    @Inject
    protected ReleaseService releases;

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), CxfFixture.options());
    }

    @Test
    public void cxfUpgradePlansKarafsWholeDryRunIsRefusedByANarrowOutsideImporterCommitsWithAWideOneAndRollsBack()
            throws Exception {
        Files.deleteIfExists(target().resolve(RECORD));
        cxfWsDiscoveryOldRunsOfflineFromTheFolder();
        simulationPlansEveryBundleKarafsDryRunUpdatesEachWithTheFeatureThatBringsIt();
        outsideImporterOfTheOldMinorRefusesTheUpgradeBeforeAnyChange();
        upgradeCommitsWithAWideOutsideImporterAndRewiresIt();
        rollbackReturnsToTheOldReleaseAndRewiresTheImporter();
    }

    /** Given: cxf-ws-discovery 3.5.10 installed from the pre-fetched folder, every bundle of it running. */
    private void cxfWsDiscoveryOldRunsOfflineFromTheFolder() throws Exception {
        Path folder = CxfFixture.repository();
        Set<Long> before = ids();

        long began = System.nanoTime();
        features.addRepository(CxfFixture.featuresRepository(OLD));
        features.addRepository(CxfFixture.featuresRepository(NEW));
        long repositoriesMs = millisSince(began);
        assertEquals("both CXF releases are known to the release service", List.of(OLD, NEW), releases.versions(FEATURE));

        began = System.nanoTime();
        features.installFeatures(Set.of(FEATURE + "/" + OLD), EnumSet.noneOf(FeaturesService.Option.class));
        long installMs = millisSince(began);
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));

        List<Bundle> added = Arrays.stream(context.getBundles()).filter(b -> !before.contains(b.getBundleId())).toList();
        // 44 since Pax Web (Jetty, the HTTP Whiteboard) is part of the platform; 65 before
        assertTrue("cxf-ws-discovery and its dependency features add dozens of bundles: " + added.size(), added.size() > 30);
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : added) {
            String running = running(bundle);
            if (running != null) {
                problems.add(running);
            }
            String path = CxfFixture.repositoryPath(bundle.getLocation());
            if (path == null) {
                problems.add(bundle + " has a location that is no mvn: URL: " + bundle.getLocation());
            } else if (!Files.isRegularFile(folder.resolve(path)) && !Files.isRegularFile(system().resolve(path))) {
                problems.add(bundle.getLocation() + " is neither in " + folder + " nor in system/");
            }
        }
        assertEquals("bundles of cxf-ws-discovery " + OLD + " not running, or not from the folder or system/",
                List.of(), problems);
        for (CxfFixture.Update update : CxfFixture.UPDATES) {
            assertEquals(update.symbolicName(), update.from(), bundle(update.symbolicName()).getVersion().toString());
        }
        record("CXF fixture: repositories added in %d ms; %s/%s installed in %d ms (%d bundles)",
                repositoriesMs, FEATURE, OLD, installMs, added.size());
    }

    /**
     * 1. The simulated upgrade plans Karaf's whole dry run (16 in-place updates, not only the one bundle
     * cxf-ws-discovery lists), each bundle with the feature that brings it, and the package changes; it
     * changes nothing.
     */
    private void simulationPlansEveryBundleKarafsDryRunUpdatesEachWithTheFeatureThatBringsIt() throws Exception {
        Map<String, String> before = everyBundle();
        int history = releases.history(FEATURE).size();

        long began = System.nanoTime();
        UpgradeResult simulated = releases.upgrade(UpgradeRequest.of(FEATURE, NEW).withSimulate(true));
        long measuredMs = millisSince(began);

        assertEquals(simulated.summary(), Outcome.SIMULATED, simulated.outcome());
        Plan plan = simulated.plan();
        assertEquals(FEATURE, plan.feature());
        assertEquals(OLD, plan.from());
        assertEquals(NEW, plan.to());
        assertEquals(OLD, simulated.running());
        assertFalse("no refusal was overridden", plan.forced());

        // The bundle set is Karaf's dry run: the 16 in-place updates it prints, no install, no uninstall.
        Map<String, String> expected = new TreeMap<>();
        CxfFixture.UPDATES.forEach(u -> expected.put(u.symbolicName(), u.from() + " -> " + u.to()));
        assertEquals("the plan's updates", expected, versions(plan, BundleChange.Action.UPDATE));
        assertEquals("nothing installed", Map.of(), versions(plan, BundleChange.Action.INSTALL));
        assertEquals("nothing uninstalled", Map.of(), versions(plan, BundleChange.Action.UNINSTALL));
        assertEquals("Karaf's own dry run, now, updates the same bundles",
                CxfFixture.UPDATES.stream().map(CxfFixture.Update::key).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(karafDryRunUpdates().keySet()));

        // Each with the feature that brings it: a 3.6.10 feature of the closure that lists the new bundle.
        Map<String, String> owners = new TreeMap<>();
        for (CxfFixture.Update update : CxfFixture.UPDATES) {
            BundleChange change = change(plan, update.symbolicName());
            assertNotNull(update.symbolicName() + " has the feature that brings it", change.feature());
            owners.put(update.symbolicName(), change.feature());
            assertTrue(change.feature() + " lists " + update.location(), locations(change.feature()).contains(update.location()));
            assertTrue(change.reason(), change.reason().endsWith(", in place"));
        }
        assertEquals(FEATURE + "/" + NEW, owners.get("org.apache.cxf.services.ws-discovery.cxf-services-ws-discovery-service"));
        assertTrue(owners.get(CxfFixture.CXF_CORE), owners.get(CxfFixture.CXF_CORE).startsWith("cxf-core/" + NEW));
        assertEquals("cxf-specs/" + NEW, owners.get("com.fasterxml.woodstox.woodstox-core"));
        assertEquals("through cxf-core's conditional on the shell",
                "cxf-commands/" + NEW, owners.get("org.apache.cxf.karaf.cxf-karaf-commands"));
        assertEquals("one bundle of the plan is the feature's own", 1,
                owners.values().stream().filter((FEATURE + "/" + NEW)::equals).count());
        assertTrue(change(plan, CxfFixture.CXF_CORE).reason(), change(plan, CxfFixture.CXF_CORE).reason()
                .startsWith("feature cxf-core " + NEW + " (a dependency of " + FEATURE + " " + NEW + ")"));

        // The package changes, cxf-core's main package among them.
        PackageChange cxf = plan.packages().stream()
                .filter(p -> p.packageName().equals(CXF_PACKAGE)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + CXF_PACKAGE + " in " + plan.packages()));
        assertEquals(new PackageChange(CXF_PACKAGE, CxfFixture.CXF_CORE, OLD, NEW, PackageChange.Delta.MINOR), cxf);
        assertTrue("a package of woodstox-core is planned too", plan.packages().stream()
                .anyMatch(p -> p.exporter().equals("com.fasterxml.woodstox.woodstox-core")));

        // The dependency features that come and go with it.
        assertTrue(plan.features().toString(), plan.features().contains(
                new FeatureChange(FeatureChange.Action.INSTALL, "cxf-core", NEW)));
        assertTrue(plan.features().toString(), plan.features().contains(
                new FeatureChange(FeatureChange.Action.UNINSTALL, "cxf-core", OLD)));

        assertEquals("a simulation changes no bundle", before, everyBundle());
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        assertEquals("a simulation is not journaled", history, releases.history(FEATURE).size());

        // The operator's view of the same plan, grouped by feature, for the record.
        began = System.nanoTime();
        ShellRun shell = shell("feature:upgrade --simulate " + FEATURE + " " + NEW);
        long shellMs = millisSince(began);
        assertNull(shell.output(), shell.failure());
        assertTrue(shell.output(), shell.output().contains("Plan for " + FEATURE + " " + OLD + " -> " + NEW + ":"));
        assertTrue(shell.output(), shell.output().contains("\n  feature cxf-core/" + NEW + ":\n"));
        assertTrue(shell.output(), shell.output().contains("\n    update    " + CxfFixture.CXF_CORE + " " + OLD + " -> "
                + NEW + " (feature cxf-core " + NEW + " (a dependency of " + FEATURE + " " + NEW + "), in place)"));
        assertTrue(shell.output(), shell.output().contains("\n  package   " + CXF_PACKAGE + " " + OLD + " -> " + NEW
                + " minor (" + CxfFixture.CXF_CORE + ")"));
        assertTrue(shell.output(), shell.output().contains(
                "Simulated " + FEATURE + " " + OLD + " -> " + NEW + ": nothing was changed."));
        assertEquals(before, everyBundle());

        record("Plan (feature:upgrade --simulate %s %s):%n%s", FEATURE, NEW, shell.output().stripTrailing());
        record("Pre-checks of %s %s -> %s (simulated): result.elapsed() %d ms, measured %d ms; %d bundle changes "
                        + "(%d updates), %d package changes, %d feature changes, %d warnings; the shell's simulate %d ms",
                FEATURE, OLD, NEW, simulated.elapsed().toMillis(), measuredMs, plan.bundles().size(), expected.size(),
                plan.packages().size(), plan.features().size(), plan.warnings().size(), shellMs);
    }

    /**
     * 2. A bundle in no feature, wired to cxf-core 3.5.10 with a range that ends before 3.6, refuses the upgrade
     * before any change, through the API and through the shell, naming importer, package, range and offer.
     */
    private void outsideImporterOfTheOldMinorRefusesTheUpgradeBeforeAnyChange() throws Exception {
        Bundle narrow = outsideConsumer(NARROW, NARROW_RANGE);
        assertWiredToCxfCore(narrow, OLD);
        Map<String, String> before = everyBundle();
        Set<String> installedFeatures = installedFeatures();
        int history = releases.history(FEATURE).size();
        ImportViolation expected = new ImportViolation(NARROW, CONSUMER_VERSION, narrow.getBundleId(), CXF_PACKAGE,
                NARROW_RANGE, NEW);

        long began = System.nanoTime();
        try {
            UpgradeResult result = releases.upgrade(UpgradeRequest.of(FEATURE, NEW));
            fail(NARROW + " imports " + CXF_PACKAGE + " " + NARROW_RANGE + " and must refuse the upgrade, but: "
                    + result.summary());
        } catch (UpgradeRefusedException refused) {
            long refusedMs = millisSince(began);
            assertEquals(FEATURE, refused.getFeature());
            assertEquals(NEW, refused.getVersion());
            assertEquals("the one violation", List.of(expected), refused.getViolations());
            assertEquals("the only error is that violation", List.of(Problem.of(expected)), refused.getProblems().stream()
                    .filter(p -> p.severity() == Problem.Severity.ERROR).toList());
            assertTrue(refused.getMessage(), refused.getMessage().contains("Bundle " + NARROW + " " + CONSUMER_VERSION
                    + " [" + narrow.getBundleId() + "] imports " + CXF_PACKAGE + " " + NARROW_RANGE
                    + ", but the upgrade offers " + NEW));
            assertTrue(refused.getMessage(), refused.getMessage().endsWith("Nothing was changed."));
            record("Refused (API) in %d ms: %s", refusedMs, refused.getMessage());
        }
        assertEquals("every bundle's id, version and state", before, everyBundle());
        assertEquals("the installed features", installedFeatures, installedFeatures());
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        assertEquals("a refusal before any change is not journaled", history, releases.history(FEATURE).size());
        assertWiredToCxfCore(narrow, OLD);

        ShellRun shell = shell("feature:upgrade " + FEATURE + " " + NEW);
        assertTrue("the command fails with the refusal: " + shell, shell.failure() instanceof UpgradeRefusedException);
        assertTrue(shell.output(), shell.output().contains("ERROR  Bundle " + NARROW + " " + CONSUMER_VERSION + " ["
                + narrow.getBundleId() + "] imports " + CXF_PACKAGE + " " + NARROW_RANGE + ", but the upgrade offers "
                + NEW));
        assertEquals(before, everyBundle());
        assertEquals(installedFeatures, installedFeatures());
        record("Refused (feature:upgrade %s %s):%n%s", FEATURE, NEW, shell.output().stripTrailing());

        narrow.uninstall();
    }

    /**
     * 3. With the narrow consumer gone and one with CXF's own range running, the upgrade commits: every bundle of
     * the plan runs at its new version with its old id, the consumer is refreshed onto cxf-core 3.6.10, and the
     * history ends with the commit.
     */
    private void upgradeCommitsWithAWideOutsideImporterAndRewiresIt() throws Exception {
        Bundle wide = outsideConsumer(WIDE, WIDE_RANGE);
        assertWiredToCxfCore(wide, OLD);
        Map<String, Long> ids = new TreeMap<>();
        CxfFixture.UPDATES.forEach(u -> ids.put(u.symbolicName(), bundle(u.symbolicName()).getBundleId()));
        Map<Long, String> states = states();

        Map<Long, BundleWiring> wirings = wirings();
        long began = System.nanoTime();
        UpgradeResult result = releases.upgrade(UpgradeRequest.of(FEATURE, NEW));
        long upgradeMs = millisSince(began);

        assertEquals(result.summary(), Outcome.COMMITTED, result.outcome());
        assertEquals(NEW, result.running());
        BundleChange refresh = change(result.plan(), WIDE);
        assertEquals("the outside importer is planned as refreshed", BundleChange.Action.REFRESH, refresh.action());
        assertNull("no feature brings it", refresh.feature());
        assertEquals("wired to package " + CXF_PACKAGE + " of " + CxfFixture.CXF_CORE + " " + OLD + ", which is updated",
                refresh.reason());

        assertEquals(NEW, releases.installedVersion(FEATURE).orElse(null));
        Set<String> installedFeatures = installedFeatures();
        assertTrue(installedFeatures.toString(), installedFeatures.containsAll(Set.of(FEATURE + "/" + NEW, "cxf-core/" + NEW)));
        assertFalse(installedFeatures.toString(), installedFeatures.contains(FEATURE + "/" + OLD));
        assertFalse(installedFeatures.toString(), installedFeatures.contains("cxf-core/" + OLD));

        Map<String, Long> idsAfter = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (CxfFixture.Update update : CxfFixture.UPDATES) {
            Bundle bundle = bundle(update.symbolicName());
            idsAfter.put(update.symbolicName(), bundle.getBundleId());
            if (!bundle.getVersion().toString().equals(update.to())) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + update.to());
            }
            String running = running(bundle);
            if (running != null) {
                problems.add(running);
            }
        }
        assertEquals("bundles of the plan not running at their new version", List.of(), problems);
        assertEquals(Bundle.ACTIVE, bundle(CxfFixture.CXF_CORE).getState());
        assertEquals("updated in place: every bundle of the plan keeps its id", ids, idsAfter);
        assertEquals("no bundle installed or uninstalled, every bundle in the state it was in", states, states());
        Map<Long, BundleWiring> wiringsAfter = wirings();
        assertEquals("the bundles rewired are the plan's: its updates and its refresh of the outside importer",
                result.plan().bundles().stream().map(BundleChange::symbolicName).collect(Collectors.toCollection(TreeSet::new)),
                wiringsAfter.keySet().stream().filter(id -> wirings.get(id) != wiringsAfter.get(id))
                        .map(id -> context.getBundle(id).getSymbolicName()).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(Bundle.ACTIVE, wide.getState());
        assertWiredToCxfCore(wide, NEW);

        HistoryEntry last = last(releases.history(FEATURE));
        assertEquals(HistoryEntry.Action.UPGRADE, last.action());
        assertEquals(Outcome.COMMITTED, last.outcome());
        assertEquals(OLD, last.from());
        assertEquals(NEW, last.to());
        record("Upgrade: %s (measured %d ms)", result.summary(), upgradeMs);
    }

    /**
     * 4. Rolling back goes to 3.5.10 through the same checks: cxf-core 3.5.10 runs again, and the consumer is
     * wired to it. (At 4262549 the platform guard refuses it: it tells platform bundles by {@code getLocation()},
     * which Karaf's in-place update leaves at the 3.5.10 URL, so the early-start CXF bundles no longer match an
     * application feature's location.)
     */
    private void rollbackReturnsToTheOldReleaseAndRewiresTheImporter() throws Exception {
        Bundle wide = bundle(WIDE);
        Bundle cxfCore = bundle(CxfFixture.CXF_CORE);
        long began = System.nanoTime();
        UpgradeResult result;
        try {
            result = releases.rollback(RollbackRequest.previous(FEATURE));
        } catch (UpgradeRefusedException refused) {
            // Karaf updates in place with Bundle.update(InputStream): the location stays the one installed, and
            // the manifest's Bundle-UpdateLocation names where the running revision came from. No cause is chained:
            // Pax Exam reports a failure's root cause only, and this message is the diagnosis.
            throw new AssertionError("Going back to " + OLD + " must not be refused. cxf-core " + cxfCore.getVersion()
                    + " [" + cxfCore.getBundleId() + "] has location " + cxfCore.getLocation() + " and Bundle-UpdateLocation "
                    + cxfCore.getHeaders("").get("Bundle-UpdateLocation") + ". " + refused.getMessage());
        }
        long rollbackMs = millisSince(began);

        assertEquals(result.summary(), Outcome.COMMITTED, result.outcome());
        assertEquals(OLD, result.running());
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        List<String> problems = new ArrayList<>();
        for (CxfFixture.Update update : CxfFixture.UPDATES) {
            Bundle bundle = bundle(update.symbolicName());
            if (!bundle.getVersion().toString().equals(update.from())) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + update.from());
            }
            String running = running(bundle);
            if (running != null) {
                problems.add(running);
            }
        }
        assertEquals("bundles of the plan not running at their old version", List.of(), problems);
        assertEquals(Bundle.ACTIVE, bundle(CxfFixture.CXF_CORE).getState());
        assertEquals(Bundle.ACTIVE, wide.getState());
        assertWiredToCxfCore(wide, OLD);

        HistoryEntry last = last(releases.history(FEATURE));
        assertEquals(HistoryEntry.Action.ROLLBACK, last.action());
        assertEquals(Outcome.COMMITTED, last.outcome());
        assertEquals(NEW, last.from());
        assertEquals(OLD, last.to());
        record("Rollback: %s (measured %d ms)", result.summary(), rollbackMs);
    }

    /** Installs and starts a manifest-only bundle importing CXF's main package in {@code range}. */
    private Bundle outsideConsumer(String symbolicName, String range) throws Exception {
        File jar = CxfFixture.manifestOnlyBundle(
                Files.createTempDirectory("cxf-consumer").resolve(symbolicName + ".jar").toFile(),
                symbolicName, CONSUMER_VERSION, CXF_PACKAGE + ";version=\"" + range + "\"");
        Bundle consumer = context.installBundle(jar.toURI().toString());
        consumer.start();
        assertEquals(symbolicName + " resolves and starts", Bundle.ACTIVE, consumer.getState());
        return consumer;
    }

    /** Asserts that {@code importer}'s import of CXF's main package is wired to cxf-core at {@code version}. */
    private void assertWiredToCxfCore(Bundle importer, String version) {
        List<BundleWire> wires = importer.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        BundleWire wire = wires.stream()
                .filter(w -> CXF_PACKAGE.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(importer + " is not wired to " + CXF_PACKAGE + ": " + wires));
        assertEquals(importer + "'s exporter of " + CXF_PACKAGE, bundle(CxfFixture.CXF_CORE), wire.getProvider().getBundle());
        assertEquals(importer + "'s exporter's version", version, wire.getProvider().getVersion().toString());
        assertEquals(importer + "'s package version", version,
                String.valueOf(wire.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
    }

    /** @return why {@code bundle} is not running (fragments RESOLVED, others ACTIVE), or {@code null} */
    private static String running(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
        return bundle.getState() == expected ? null
                : bundle + " is in state " + bundle.getState() + ", expected " + expected;
    }

    /** The plan's changes of one kind: symbolic name to {@code from -> to}. */
    private static Map<String, String> versions(Plan plan, BundleChange.Action action) {
        return plan.bundles().stream().filter(c -> c.action() == action).collect(Collectors.toMap(
                BundleChange::symbolicName, c -> c.from() + " -> " + c.to(), (a, b) -> a + ", " + b, TreeMap::new));
    }

    private static BundleChange change(Plan plan, String symbolicName) {
        List<BundleChange> found = plan.bundles().stream().filter(c -> c.symbolicName().equals(symbolicName)).toList();
        assertEquals("changes of " + symbolicName + " in " + plan.bundles(), 1, found.size());
        return found.get(0);
    }

    /** Every bundle location a feature ({@code name/version}) lists, conditionals included. */
    private Set<String> locations(String feature) throws Exception {
        int slash = feature.indexOf('/');
        Feature definition = features.getFeature(feature.substring(0, slash), feature.substring(slash + 1));
        assertNotNull(feature + " exists", definition);
        Set<String> locations = new TreeSet<>();
        definition.getBundles().forEach(b -> locations.add(b.getLocation()));
        definition.getConditional().forEach(c -> c.getBundles().forEach(b -> locations.add(b.getLocation())));
        return locations;
    }

    private Set<String> installedFeatures() throws Exception {
        return Arrays.stream(features.listInstalledFeatures()).map(Feature::getId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Set<Long> ids() {
        return Arrays.stream(context.getBundles()).map(Bundle::getBundleId).collect(Collectors.toSet());
    }

    /** Every bundle's id to its current wiring (a new one after an update or a refresh). */
    private Map<Long, BundleWiring> wirings() {
        Map<Long, BundleWiring> wirings = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            wirings.put(bundle.getBundleId(), bundle.adapt(BundleWiring.class));
        }
        return wirings;
    }

    /** Every bundle's id to its state. */
    private Map<Long, String> states() {
        Map<Long, String> states = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            states.put(bundle.getBundleId(), bundle.getSymbolicName() + " " + bundle.getState());
        }
        return states;
    }

    /**
     * Karaf's own simulated upgrade, printed verbosely, as the cross-check of the plan: its "Bundles to update:"
     * lines, {@code symbolicName/version} to the new location. The whole output is saved to
     * {@code target/}{@value #SIMULATE_OUTPUT}.
     */
    private Map<String, String> karafDryRunUpdates() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        // FeaturesServiceImpl.print writes verbose lines with System.out.println from its 'features-*' thread.
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            features.installFeatures(Set.of(FEATURE + "/" + NEW), EnumSet.of(FeaturesService.Option.Simulate,
                    FeaturesService.Option.Upgrade, FeaturesService.Option.Verbose, FeaturesService.Option.DisplayAllWiring));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        Path saved = target().resolve(SIMULATE_OUTPUT);
        Files.createDirectories(saved.getParent());
        Files.writeString(saved, output, StandardCharsets.UTF_8);

        Map<String, String> updates = new LinkedHashMap<>();
        boolean inUpdates = false;
        for (String raw : output.lines().toList()) {
            String line = raw.strip();
            if (line.endsWith(":")) {
                inUpdates = line.equals("Bundles to update:");
            } else if (inUpdates && line.contains(" with ")) {
                updates.put(line.substring(0, line.indexOf(" with ")), line.substring(line.indexOf(" with ") + 6));
            }
        }
        assertFalse("Karaf's dry run printed updates:\n" + output, updates.isEmpty());
        return updates;
    }

    /** Prints a line for the record and appends it to {@code target/}{@value #RECORD}. */
    private static void record(String format, Object... arguments) throws Exception {
        String line = String.format(format, arguments);
        System.out.println(line);
        Path file = target().resolve(RECORD);
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The itests module's target/, where the build put the CXF folder. */
    private static Path target() {
        return CxfFixture.repository().getParent();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
