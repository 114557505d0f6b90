package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Ignore;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.slipway.api.BundleChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.Problem;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * Issue 18 on a real pair: Slipway's upgrade of Apache Camel's {@code camel-jackson} 3.20.0 -> 3.22.4, offline in
 * the Slipway distribution (see {@link CamelFixture}), must be as truthful as greeter's: refused with the importer,
 * package, range and offer when a bundle outside the feature cannot take the new {@code org.apache.camel}, committed
 * with every bundle active and a plan that lists exactly the bundles that changed when the outside bundle's range
 * is wide (that bundle rewired), and rolled back to 3.20.0.
 *
 * <p>One container for the class; the tests run in name order, each from the state the one before leaves, as an
 * operator would meet them: refused, upgraded, rolled back, upgraded with a failing health check (rolled back
 * automatically), upgraded again (steps 3 to 5 are ignored: Karaf cannot resolve the old release while the new
 * one's repository is known, see step 3's {@code @Ignore}). camel-jackson 3.20.0 is installed once, as a stock
 * Karaf user would ({@code FeaturesService.installFeatures}); Camel 3.22.4's repository is added only after that,
 * or Karaf's resolver picks camel-core 3.22.4 for camel-jackson 3.20.0 (its dependency is
 * {@code <feature version='3.20.0'>camel-core</feature>}, a lower bound). What happened is printed (failsafe keeps
 * it in {@code target/failsafe-reports/org.slipway.itests.CamelUpgradeIT-output.txt}) and written to
 * {@code target/}{@value #RECORD}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class CamelUpgradeIT extends SlipwayTestSupport {

    private static final String FEATURE = CamelFixture.FEATURE;
    private static final String OLD = CamelFixture.OLD;
    private static final String NEW = CamelFixture.NEW;
    private static final String CAMEL_PACKAGE = CamelFixture.CAMEL_PACKAGE;
    /** A consumer outside any feature whose import range ends before 3.21: the upgrade must refuse it. */
    private static final String NARROW = "org.slipway.itests.camel.narrow";
    private static final String NARROW_RANGE = "[3.20,3.21)";
    /** A consumer outside any feature that takes any Camel 3: the upgrade must rewire it. */
    private static final String WIDE = "org.slipway.itests.camel.wide";
    private static final String WIDE_RANGE = "[3,4)";
    private static final String CONSUMER_VERSION = "1.0.0";

    private static final String RECORD = "camel-upgrade/record.txt";
    /** How the plan's warning about bundles below the application start level ends. */
    private static final String EARLY_START = ", below the application level: after a stop in the middle of this change"
            + " they start before crash recovery has put the running release back";

    @Inject
    protected ReleaseService releases;

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), CamelFixture.options());
    }

    /**
     * Given (once per container): camel-jackson 3.20.0 installed from the pre-fetched folder, every bundle it added
     * running and coming from the folder or system/, then Camel 3.22.4's repository added.
     */
    @Before
    public void camelJacksonOldInstalledOfflineFromTheFolder() throws Exception {
        if (releases.installedVersion(FEATURE).isPresent()) {
            return;
        }
        Files.deleteIfExists(target().resolve(RECORD));
        Path folder = CamelFixture.repository();
        Set<Long> before = Arrays.stream(context.getBundles()).map(Bundle::getBundleId).collect(Collectors.toSet());

        long began = System.nanoTime();
        features.addRepository(CamelFixture.featuresRepository(OLD));
        features.installFeatures(Set.of(FEATURE + "/" + OLD), EnumSet.noneOf(FeaturesService.Option.class));
        long installMs = millisSince(began);
        features.addRepository(CamelFixture.featuresRepository(NEW));
        assertEquals("both Camel releases are known to the release service", List.of(OLD, NEW), releases.versions(FEATURE));
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        assertTrue(installedFeatures().toString(), installedFeatures().contains(CamelFixture.CAMEL_CORE_FEATURE + "/" + OLD));

        List<Bundle> added = Arrays.stream(context.getBundles()).filter(b -> !before.contains(b.getBundleId())).toList();
        assertTrue("camel-jackson and camel-core add dozens of bundles: " + added.size(), added.size() > 40);
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
            if (bundle.getSymbolicName().startsWith(CamelFixture.CAMEL_PREFIX)
                    && !bundle.getVersion().toString().equals(OLD)) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + OLD);
            }
        }
        assertEquals("bundles of camel-jackson " + OLD + " not running, not from the folder or system/, or not "
                + OLD, List.of(), problems);
        record("Installed %s %s in %d ms: %d bundles added; start levels %s", FEATURE, OLD, installMs, added.size(),
                startLevels(added));
    }

    /**
     * 1. A bundle in no feature, wired to camel-api 3.20.0 with a range that ends before 3.21, refuses the upgrade
     * before any change, through the API and through the shell, naming importer, package, range and offer.
     */
    @Test
    public void step1NarrowOutsideImporterRefusesTheUpgradeBeforeAnyChange() throws Exception {
        assertEquals("runs on " + OLD, OLD, releases.installedVersion(FEATURE).orElse(null));
        Bundle narrow = outsideConsumer(NARROW, NARROW_RANGE);
        try {
            assertWiredToCamelApi(narrow, OLD);
            Map<String, String> before = everyBundle();
            Set<String> installedFeatures = installedFeatures();
            int history = releases.history(FEATURE).size();
            ImportViolation expected = new ImportViolation(NARROW, CONSUMER_VERSION, narrow.getBundleId(),
                    CAMEL_PACKAGE, NARROW_RANGE, NEW);

            long began = System.nanoTime();
            try {
                UpgradeResult result = releases.upgrade(UpgradeRequest.of(FEATURE, NEW));
                fail(NARROW + " imports " + CAMEL_PACKAGE + " " + NARROW_RANGE + " and must refuse the upgrade, but: "
                        + result.summary());
            } catch (UpgradeRefusedException refused) {
                long refusedMs = millisSince(began);
                record("Refused (API) in %d ms: %s", refusedMs, refused.getMessage());
                assertEquals(FEATURE, refused.getFeature());
                assertEquals(NEW, refused.getVersion());
                assertEquals("the one violation", List.of(expected), refused.getViolations());
                assertEquals("the only error is that violation", List.of(Problem.of(expected)), refused.getProblems()
                        .stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList());
                assertTrue(refused.getMessage(), refused.getMessage().contains("Bundle " + NARROW + " "
                        + CONSUMER_VERSION + " [" + narrow.getBundleId() + "] imports " + CAMEL_PACKAGE + " "
                        + NARROW_RANGE + ", but the upgrade offers " + NEW));
                assertTrue(refused.getMessage(), refused.getMessage().endsWith("Nothing was changed."));
            }
            assertEquals("every bundle's id, version and state", before, everyBundle());
            assertEquals("the installed features", installedFeatures, installedFeatures());
            assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
            assertEquals("a refusal before any change is not journaled", history, releases.history(FEATURE).size());

            ShellRun shell = shell("feature:upgrade " + FEATURE + " " + NEW);
            record("Refused (feature:upgrade %s %s):%n%s", FEATURE, NEW, shell.output().stripTrailing());
            assertTrue("the command fails with the refusal: " + shell, shell.failure() instanceof UpgradeRefusedException);
            assertTrue(shell.output(), shell.output().contains("ERROR  Bundle " + NARROW + " " + CONSUMER_VERSION + " ["
                    + narrow.getBundleId() + "] imports " + CAMEL_PACKAGE + " " + NARROW_RANGE
                    + ", but the upgrade offers " + NEW));
            assertEquals(before, everyBundle());
            assertEquals(installedFeatures, installedFeatures());
            assertWiredToCamelApi(narrow, OLD);
        } finally {
            narrow.uninstall();
        }
    }

    /**
     * 1b. The simulated upgrade's warnings about early start levels count the bundles that really start early: per
     * feature of the plan, its updated bundles whose start level (the same before and after, step 2 asserts it) is
     * below the application level {@code karaf.startlevel.bundle}. camel-core's two conditional bundles
     * (camel-commands-core, camel-karaf-commands) start at 80: a conditional is a feature of its own, without
     * camel-core's {@code start-level}.
     */
    @Test
    public void step1bEarlyStartWarningsCountTheBundlesThatStartBelowTheApplicationLevel() throws Exception {
        assertEquals("runs on " + OLD, OLD, releases.installedVersion(FEATURE).orElse(null));
        int application = Integer.parseInt(context.getProperty("karaf.startlevel.bundle"));
        UpgradeResult simulated = releases.upgrade(UpgradeRequest.of(FEATURE, NEW).withSimulate(true));
        assertEquals(simulated.summary(), Outcome.SIMULATED, simulated.outcome());

        Map<String, TreeMap<Integer, Integer>> early = new TreeMap<>();
        for (BundleChange change : simulated.plan().bundles()) {
            if (change.action() == BundleChange.Action.UPDATE) {
                int level = bundle(change.symbolicName()).adapt(BundleStartLevel.class).getStartLevel();
                if (level < application) {
                    early.computeIfAbsent(change.feature(), k -> new TreeMap<>()).merge(level, 1, Integer::sum);
                }
            }
        }
        List<String> expected = new ArrayList<>();
        early.forEach((feature, levels) -> {
            int count = levels.values().stream().mapToInt(Integer::intValue).sum();
            expected.add(feature + " starts " + count + (count == 1 ? " bundle" : " bundles") + " at start level "
                    + levels.keySet().stream().map(String::valueOf).collect(Collectors.joining(", ")) + EARLY_START);
        });
        List<String> warnings = simulated.plan().warnings().stream().map(Problem::message)
                .filter(w -> w.endsWith(EARLY_START)).sorted().toList();
        assertEquals("the early-start warnings, against the start levels Karaf gave", expected, warnings);
    }

    /**
     * 2. With a consumer outside the feature that takes any Camel 3, {@code feature:upgrade camel-jackson 3.22.4}
     * commits: every bundle of the framework is active, every Camel bundle runs at 3.22.4 at its start level, the
     * plan's updates, installs and uninstalls are exactly the bundles whose version came or went, the consumer is
     * planned as refreshed and is wired to camel-api 3.22.4, and the history ends with the commit.
     */
    @Test
    public void step2UpgradeCommitsEveryBundleActiveThePlanListsWhatChangedAndTheWideImporterIsRewired()
            throws Exception {
        assertEquals("runs on " + OLD, OLD, releases.installedVersion(FEATURE).orElse(null));
        Bundle wide = outsideConsumer(WIDE, WIDE_RANGE);
        assertWiredToCamelApi(wide, OLD);
        Map<String, Set<String>> versionsBefore = versionsBySymbolicName();
        Map<String, Integer> startLevelsBefore = startLevels(camelBundles());

        long began = System.nanoTime();
        UpgradeResult result = upgrade();
        long upgradeMs = millisSince(began);
        record("Upgrade's feature changes: %s", result.plan().features());
        record("Upgrade: %s (measured %d ms); %d bundle changes %s; configurations %s; warnings %s", result.summary(),
                upgradeMs, result.plan().bundles().size(), counts(result), result.plan().configurations(),
                result.plan().warnings());

        assertEquals(result.summary(), Outcome.COMMITTED, result.outcome());
        assertEquals(NEW, result.running());
        assertEquals(NEW, releases.installedVersion(FEATURE).orElse(null));
        Set<String> installedFeatures = installedFeatures();
        assertTrue(installedFeatures.toString(), installedFeatures.containsAll(
                Set.of(FEATURE + "/" + NEW, CamelFixture.CAMEL_CORE_FEATURE + "/" + NEW)));
        assertFalse(installedFeatures.toString(), installedFeatures.contains(FEATURE + "/" + OLD));

        assertEquals("bundles not running after the upgrade", List.of(), notRunning());
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : camelBundles()) {
            if (!bundle.getVersion().toString().equals(NEW)) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + NEW);
            }
        }
        assertEquals("Camel bundles not at " + NEW, List.of(), problems);
        assertEquals("each Camel bundle keeps its start level", startLevelsBefore, startLevels(camelBundles()));

        // The plan is what happened: its updates, installs and uninstalls are the bundles whose versions changed.
        Map<String, Set<String>> versionsAfter = versionsBySymbolicName();
        Set<String> changed = new TreeSet<>();
        for (String name : union(versionsBefore.keySet(), versionsAfter.keySet())) {
            if (!versionsBefore.getOrDefault(name, Set.of()).equals(versionsAfter.getOrDefault(name, Set.of()))) {
                changed.add(name);
            }
        }
        Set<String> planned = result.plan().bundles().stream().filter(c -> c.action() != BundleChange.Action.REFRESH)
                .map(BundleChange::symbolicName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals("the plan's updates, installs and uninstalls are the bundles that changed", changed, planned);
        assertTrue("camel-api is among them: " + planned, planned.contains(CamelFixture.CAMEL_API));
        BundleChange api = change(result, CamelFixture.CAMEL_API);
        assertEquals(api.toString(), OLD, api.from());
        assertEquals(api.toString(), NEW, api.to());

        // Camel's features start their bundles at 50, below the application level: the plan says so per feature.
        List<String> warnings = result.plan().warnings().stream().map(Problem::message).toList();
        assertTrue(warnings.toString(), warnings.contains(FEATURE + "/" + NEW + " starts 4 bundles at start level "
                + CamelFixture.CAMEL_START_LEVEL + EARLY_START));
        assertTrue(warnings.toString(), warnings.stream().anyMatch(w -> w.startsWith(CamelFixture.CAMEL_CORE_FEATURE
                + "/" + NEW + " starts ") && w.endsWith(" at start level " + CamelFixture.CAMEL_START_LEVEL + EARLY_START)));

        BundleChange refresh = change(result, WIDE);
        assertEquals("the outside importer is planned as refreshed", BundleChange.Action.REFRESH, refresh.action());
        assertNull("no feature brings it", refresh.feature());
        assertEquals(Bundle.ACTIVE, wide.getState());
        assertWiredToCamelApi(wide, NEW);

        HistoryEntry last = last(releases.history(FEATURE));
        assertEquals(HistoryEntry.Action.UPGRADE, last.action());
        assertEquals(Outcome.COMMITTED, last.outcome());
        assertEquals(OLD, last.from());
        assertEquals(NEW, last.to());
    }

    /**
     * 3. {@code feature:rollback camel-jackson} goes back to 3.20.0: every Camel bundle at 3.20.0 and active, the
     * consumer wired to camel-api 3.20.0, the history ending with the committed rollback. camel-jackson 3.20.0's
     * dependency {@code <feature version='3.20.0'>camel-core</feature>} is a lower bound, and Karaf's resolver takes
     * the latest camel-core it allows (3.22.4, which camel-jackson 3.20.0's bundles cannot use); so going back
     * requests camel-core at the version the upgrade replaced (3.20.0, from the journal) with camel-jackson, and
     * camel-core stays a requested feature of Karaf afterwards (Slipway's pin).
     */
    @Ignore("issue 18: Karaf 4.4.10 cannot resolve camel-jackson 3.20.0 while Camel 3.22.4's repository is known, even"
            + " with camel-core/3.20.0 requested with it: its Subsystem reads <feature version='3.20.0'>camel-core</feature>"
            + " as the range [3.20.0,oo) and builds a camel-core 3.22.4 subsystem too, whose camel-support 3.22.4 cannot"
            + " resolve (\"Unable to resolve org.apache.camel.camel-support/3.22.4: missing requirement ..."
            + " org.apache.camel.spi.annotations [3.22.0,3.23.0)\"); removing the newer repository first is refused by Karaf"
            + " (\"The following features are required from the repository\"). Going back needs the journal's direct restore;"
            + " not done")
    @Test
    public void step3RollbackReturnsEveryCamelBundleToTheOldRelease() throws Exception {
        assertEquals("runs on " + NEW + " (step 2 committed)", NEW, releases.installedVersion(FEATURE).orElse(null));
        Bundle wide = bundle(WIDE);
        long began = System.nanoTime();
        ShellRun shell = shell("feature:rollback " + FEATURE);
        long rollbackMs = millisSince(began);
        record("Rollback (feature:rollback %s, %d ms):%n%s%s", FEATURE, rollbackMs, shell.output().stripTrailing(),
                shell.failure() == null ? "" : "\nfailed: " + shell.failure());
        assertNull(shell.output(), shell.failure());
        assertTrue(shell.output(), shell.output().contains(FEATURE + " " + OLD + " is running."));

        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        assertEquals("bundles not running after the rollback", List.of(), notRunning());
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : camelBundles()) {
            if (!bundle.getVersion().toString().equals(OLD)) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + OLD);
            }
        }
        assertEquals("Camel bundles not at " + OLD, List.of(), problems);
        Set<String> installedFeatures = installedFeatures();
        assertTrue(installedFeatures.toString(), installedFeatures.contains(CamelFixture.CAMEL_CORE_FEATURE + "/" + OLD));
        assertFalse(installedFeatures.toString(), installedFeatures.contains(CamelFixture.CAMEL_CORE_FEATURE + "/" + NEW));
        assertEquals(Bundle.ACTIVE, wide.getState());
        assertWiredToCamelApi(wide, OLD);

        HistoryEntry last = last(releases.history(FEATURE));
        assertEquals(HistoryEntry.Action.ROLLBACK, last.action());
        assertEquals(Outcome.COMMITTED, last.outcome());
        assertEquals(NEW, last.from());
        assertEquals(OLD, last.to());
        assertTrue("camel-core is requested at " + OLD + " now: " + features.listRequirements(), features
                .listRequirements().values().stream().anyMatch(r -> r.contains("feature:"
                        + CamelFixture.CAMEL_CORE_FEATURE + "/[" + OLD + "," + OLD + "]")));
    }

    /**
     * 4. From the rolled-back 3.20.0 (camel-core pinned), an upgrade whose verification fails (an application
     * health check that refuses camel-api 3.22.4) is rolled back automatically to the complete previous state: every
     * bundle's version back, camel-core 3.20.0 and not 3.22.4 installed, every bundle running.
     */
    @Ignore("issue 18: runs from step 3's rolled-back state, and its automatic rollback meets the same Karaf"
            + " resolution as step 3; not done")
    @Test
    public void step4FailingHealthCheckRollsTheUpgradeBackToTheCompletePreviousState() throws Exception {
        assertEquals("runs on " + OLD + " (step 3 rolled back)", OLD, releases.installedVersion(FEATURE).orElse(null));
        Map<String, Set<String>> versionsBefore = versionsBySymbolicName();
        Set<String> featuresBefore = installedFeatures();
        java.util.Hashtable<String, Object> name = new java.util.Hashtable<>();
        name.put(org.apache.felix.hc.api.HealthCheck.NAME, "refuses-camel-" + NEW);
        org.osgi.framework.ServiceRegistration<org.apache.felix.hc.api.HealthCheck> check = context.registerService(
                org.apache.felix.hc.api.HealthCheck.class, () -> {
                    org.apache.felix.hc.api.FormattingResultLog log = new org.apache.felix.hc.api.FormattingResultLog();
                    if (bundle(CamelFixture.CAMEL_API).getVersion().toString().equals(NEW)) {
                        log.critical("the test refuses camel-api " + NEW);
                    } else {
                        log.info("fine");
                    }
                    return new org.apache.felix.hc.api.Result(log);
                }, name);
        long began = System.nanoTime();
        try {
            UpgradeResult result = releases.upgrade(UpgradeRequest.of(FEATURE, NEW)
                    .withTimeout(java.time.Duration.ofSeconds(5)));
            fail("the health check refuses " + NEW + ", but: " + result.summary());
        } catch (UpgradeFailedException failed) {
            record("Upgrade with a failing health check, %d ms: %s", millisSince(began), failed.getResult().summary());
            assertEquals(failed.getResult().summary(), Outcome.ROLLED_BACK, failed.getResult().outcome());
            assertTrue(failed.getResult().cause(), failed.getResult().cause().contains("refuses-camel-" + NEW));
            assertEquals(OLD, failed.getResult().running());
        } finally {
            check.unregister();
        }
        assertEquals(OLD, releases.installedVersion(FEATURE).orElse(null));
        assertEquals("the installed features", featuresBefore, installedFeatures());
        assertEquals("every bundle's versions", versionsBefore, versionsBySymbolicName());
        assertEquals("bundles not running after the rollback", List.of(), notRunning());
    }

    /**
     * 5. The upgrade again, healthy: camel-core's pin moves with camel-jackson to 3.22.4, so no camel-core 3.20.0
     * stays beside it; committed, every Camel bundle at 3.22.4 and running.
     */
    @Ignore("issue 18: runs from step 3's rolled-back state; not done")
    @Test
    public void step5TheUpgradeAfterARollbackMovesTheDependencyWithIt() throws Exception {
        assertEquals("runs on " + OLD, OLD, releases.installedVersion(FEATURE).orElse(null));
        long began = System.nanoTime();
        UpgradeResult result = upgrade();
        record("Upgrade after the rollback: %s (measured %d ms)", result.summary(), millisSince(began));
        assertEquals(result.summary(), Outcome.COMMITTED, result.outcome());
        Set<String> installedFeatures = installedFeatures();
        assertTrue(installedFeatures.toString(), installedFeatures.contains(CamelFixture.CAMEL_CORE_FEATURE + "/" + NEW));
        assertFalse(installedFeatures.toString(), installedFeatures.contains(CamelFixture.CAMEL_CORE_FEATURE + "/" + OLD));
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : camelBundles()) {
            if (!bundle.getVersion().toString().equals(NEW)) {
                problems.add(bundle + " is at " + bundle.getVersion() + ", not " + NEW);
            }
        }
        assertEquals("Camel bundles not at " + NEW, List.of(), problems);
        assertEquals("bundles not running after the upgrade", List.of(), notRunning());
    }

    /** The upgrade to {@link #NEW}; a refusal or a failure becomes an assertion error that says why. */
    private UpgradeResult upgrade() throws Exception {
        try {
            return releases.upgrade(UpgradeRequest.of(FEATURE, NEW));
        } catch (UpgradeRefusedException refused) {
            record("Upgrade refused: %s", refused.getMessage());
            throw new AssertionError("The upgrade to " + NEW + " must not be refused: " + refused.getMessage());
        } catch (UpgradeFailedException failed) {
            record("Upgrade failed: %s", failed.getResult().summary());
            throw new AssertionError("The upgrade to " + NEW + " must commit: " + failed.getResult().summary());
        }
    }

    /** Installs and starts a manifest-only bundle importing Camel's main package in {@code range}. */
    private Bundle outsideConsumer(String symbolicName, String range) throws Exception {
        Path jar = TestBundles.manifestOnly(Files.createTempDirectory("camel-consumer").resolve(symbolicName + ".jar"),
                symbolicName, CONSUMER_VERSION, CAMEL_PACKAGE + ";version=\"" + range + "\"");
        Bundle consumer = context.installBundle(jar.toUri().toString());
        consumer.start();
        assertEquals(symbolicName + " resolves and starts", Bundle.ACTIVE, consumer.getState());
        return consumer;
    }

    /** Asserts that {@code importer}'s import of Camel's main package is wired to camel-api at {@code version}. */
    private void assertWiredToCamelApi(Bundle importer, String version) {
        List<BundleWire> wires = importer.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        BundleWire wire = wires.stream()
                .filter(w -> CAMEL_PACKAGE.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(importer + " is not wired to " + CAMEL_PACKAGE + ": " + wires));
        assertEquals(importer + "'s exporter of " + CAMEL_PACKAGE, bundle(CamelFixture.CAMEL_API),
                wire.getProvider().getBundle());
        assertEquals(importer + "'s exporter's version", version, wire.getProvider().getVersion().toString());
        assertEquals(importer + "'s package version", version,
                String.valueOf(wire.getCapability().getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
    }

    /** Camel's own bundles: {@code org.apache.camel.*}, the test's consumers excluded. */
    private List<Bundle> camelBundles() {
        List<Bundle> camel = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(CamelFixture.CAMEL_PREFIX))
                .toList();
        assertTrue("Camel bundles are installed", camel.size() > 40);
        return camel;
    }

    /** Every bundle that is not running (fragments RESOLVED, others ACTIVE), described. */
    private List<String> notRunning() {
        return Arrays.stream(context.getBundles()).map(CamelUpgradeIT::running).filter(s -> s != null).toList();
    }

    /** @return why {@code bundle} is not running (fragments RESOLVED, others ACTIVE), or {@code null} */
    private static String running(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
        return bundle.getState() == expected ? null
                : bundle + " is in state " + bundle.getState() + ", expected " + expected;
    }

    /** Symbolic name to the versions installed of it. */
    private Map<String, Set<String>> versionsBySymbolicName() {
        Map<String, Set<String>> versions = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            versions.computeIfAbsent(String.valueOf(bundle.getSymbolicName()), k -> new TreeSet<>())
                    .add(bundle.getVersion().toString());
        }
        return versions;
    }

    /** Symbolic name to start level. */
    private static Map<String, Integer> startLevels(List<Bundle> bundles) {
        Map<String, Integer> levels = new TreeMap<>();
        for (Bundle bundle : bundles) {
            levels.put(bundle.getSymbolicName(), bundle.adapt(BundleStartLevel.class).getStartLevel());
        }
        return levels;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String counts(UpgradeResult result) {
        return result.plan().bundles().stream().collect(Collectors.groupingBy(BundleChange::action, TreeMap::new,
                Collectors.counting())).toString();
    }

    private static BundleChange change(UpgradeResult result, String symbolicName) {
        List<BundleChange> found = result.plan().bundles().stream()
                .filter(c -> c.symbolicName().equals(symbolicName)).toList();
        assertEquals("changes of " + symbolicName + " in " + result.plan().bundles(), 1, found.size());
        return found.get(0);
    }

    private Set<String> installedFeatures() throws Exception {
        return Arrays.stream(features.listInstalledFeatures()).map(Feature::getId)
                .collect(Collectors.toCollection(TreeSet::new));
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

    /** The itests module's target/, where the build put the Camel folder. */
    private static Path target() {
        return CamelFixture.repository().getParent();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
