package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.BundleChange;
import org.slipway.api.BundleChange.Action;
import org.slipway.api.FeatureChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * A change whose bundles move through a dependency feature ({@code upgrades/dependency-feature}, shaped like
 * Apache CXF's cxf-ws-discovery 3.5.10 -> 3.6.10): the plan, the check, verification and rollback cover the
 * dependency's bundles and the consumers outside any feature, not only the named feature's own bundle.
 */
public class DependencyFeatureTest {

    private static final String CORE = "org.example.core";
    private static final String VIA_CORE = "feature core 3.6.10 (a dependency of discovery 3.6.10)";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private FixtureRuntime runtime;
    private Path directory;
    private ReleaseEngine engine;

    @Before
    public void setUp() throws Exception {
        runtime = FixtureRuntime.load("dependency-feature");
        directory = folder.newFolder("slipway").toPath();
        engine = new ReleaseEngine(runtime, new Journal(directory), new TickingClock());
    }

    @Test
    public void planListsEveryBundleTheDependencyFeatureChangesWithTheFeatureThatBringsIt() {
        Assessment assessment = new Planner().plan(new Transition("discovery", "3.5.10", "3.6.10"),
                runtime.installedBundles(), runtime.simulate("discovery", "3.6.10"));
        assertEquals(List.of(
                new BundleChange(Action.INSTALL, "org.example.woodstox", null, "6.5.0", "new in " + VIA_CORE,
                        "core/3.6.10"),
                new BundleChange(Action.UPDATE, CORE, "3.5.10", "3.6.10",
                        VIA_CORE + ", reinstalled with a new bundle id (outside bundleUpdateRange)", "core/3.6.10"),
                new BundleChange(Action.UPDATE, "org.example.discovery", "3.5.10", "3.6.10",
                        "discovery 3.5.10 -> 3.6.10, reinstalled with a new bundle id (outside bundleUpdateRange)",
                        "discovery/3.6.10"),
                new BundleChange(Action.REFRESH, "org.example.narrow", "1.0.0", "1.0.0",
                        "wired to package org.example.core of org.example.core 3.5.10, which is updated", null),
                new BundleChange(Action.REFRESH, "org.example.wide", "1.0.0", "1.0.0",
                        "wired to package org.example.core of org.example.core 3.5.10, which is updated", null)),
                assessment.plan().bundles());
        assertEquals(List.of(CORE + "/" + CORE + ".Bus", "org.example.wide/org.example.wide.Client"),
                assessment.plan().components());
        assertEquals("3.5.10 -> 3.6.10", assessment.plan().packages().get(0).from() + " -> "
                + assessment.plan().packages().get(0).to());
    }

    @Test
    public void consumerOutsideAnyFeatureWithTooNarrowARangeRefusesTheUpgradeBeforeAnyChange() throws Exception {
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class,
                () -> engine.upgrade(UpgradeRequest.of("discovery", "3.6.10")));
        assertEquals(List.of(new ImportViolation("org.example.narrow", "1.0.0", 40, CORE, "[3.5,3.6)", "3.6.10")),
                e.getProblems().stream().map(p -> p.violation()).filter(v -> v != null).toList());
        assertEquals("Bundle org.example.narrow 1.0.0 [40] imports org.example.core [3.5,3.6), but the upgrade "
                + "offers 3.6.10", e.getProblems().get(0).message());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void consumerWithTheLibrarysOwnRangeIsAcceptedAndVerificationCoversEveryTouchedBundle() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        UpgradeResult result = engine.upgrade(UpgradeRequest.of("discovery", "3.6.10"));
        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals(List.of(CORE + "/3.6.10", "org.example.discovery/3.6.10", "org.example.wide/1.0.0",
                "org.example.woodstox/6.5.0"), runtime.verified.get("discovery/3.6.10").stream().sorted().toList());
        assertTrue(runtime.snapshot().stream().anyMatch(l -> l.contains("org.example.woodstox/6.5.0 ACTIVE")));
    }

    @Test
    public void failedVerificationOfADependencysBundleRollsBackAndVerifiesTheReleaseThatRan() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        runtime.verifyProblems.put("org.example.woodstox/6.5.0", List.of("bundle org.example.woodstox/6.5.0 is RESOLVED"));
        UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                () -> engine.upgrade(UpgradeRequest.of("discovery", "3.6.10")));
        assertEquals(Outcome.ROLLED_BACK, e.getResult().outcome());
        assertTrue(e.getResult().cause(), e.getResult().cause().contains("org.example.woodstox/6.5.0 is RESOLVED"));
        assertEquals(List.of(CORE + "/3.5.10", "org.example.discovery/3.5.10", "org.example.wide/1.0.0"),
                runtime.verified.get("discovery/3.5.10").stream().sorted().toList());
        assertTrue(runtime.snapshot().stream().anyMatch(l -> l.contains(CORE + "/3.5.10 ACTIVE")));
        assertTrue(runtime.snapshot().stream().noneMatch(l -> l.contains("woodstox")));
        assertEquals("going back requests the dependency feature the change replaced, at the version that ran",
                List.of("install discovery/3.6.10", "install discovery/3.5.10 with core/3.5.10"),
                runtime.calls("install"));
    }

    /**
     * Shaped like Camel: {@code <feature version="3.5.10">core</feature>} is a lower bound, so the features service
     * takes core 3.6.10 for discovery 3.5.10 once both are known. {@code feature:rollback} after a committed upgrade
     * requests core at the version the upgrade replaced, from the journal: every bundle back, verified.
     */
    @Test
    public void rollbackAfterACommittedUpgradeRequestsTheDependencyFeatureAtTheVersionThatRan() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        assertEquals(Outcome.COMMITTED, engine.upgrade(UpgradeRequest.of("discovery", "3.6.10")).outcome());
        assertEquals(List.of(new FeatureChange(FeatureChange.Action.INSTALL, "core", "3.5.10"),
                new FeatureChange(FeatureChange.Action.UNINSTALL, "core", "3.6.10")),
                runtime.simulate("discovery", "3.5.10", List.of("core/3.5.10")).features());

        UpgradeResult back = engine.rollback(RollbackRequest.previous("discovery"));
        assertEquals(back.summary(), Outcome.COMMITTED, back.outcome());
        assertEquals("resolve discovery/3.5.10 with core/3.5.10", last(runtime.calls("resolve discovery/3.5.10")));
        assertEquals(List.of("install discovery/3.6.10", "install discovery/3.5.10 with core/3.5.10"),
                runtime.calls("install"));
        assertTrue(runtime.snapshot().toString(), runtime.snapshot().stream()
                .anyMatch(l -> l.contains(CORE + "/3.5.10 ACTIVE")));
        assertTrue(runtime.snapshot().stream().noneMatch(l -> l.contains("woodstox") || l.contains("3.6.10")));
        assertEquals(List.of(CORE + "/3.5.10", "org.example.discovery/3.5.10", "org.example.wide/1.0.0"),
                runtime.verified.get("discovery/3.5.10").stream().sorted().toList());
    }

    /** Without the dependency requested, the features service keeps the newer core: the defect going back avoids. */
    @Test
    public void withoutTheDependencyRequestedGoingBackWouldKeepTheNewerDependency() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        engine.upgrade(UpgradeRequest.of("discovery", "3.6.10"));
        runtime.install("discovery", "3.5.10");
        assertTrue(runtime.snapshot().toString(), runtime.snapshot().stream()
                .anyMatch(l -> l.contains(CORE + "/3.6.10 ACTIVE")));
    }

    /** A rollback whose own verification fails goes forward again with the dependency it replaced in turn. */
    @Test
    public void aFailedRollbackGoesBackToTheUpgradeWithItsDependency() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        engine.upgrade(UpgradeRequest.of("discovery", "3.6.10"));
        runtime.verifyProblems.put("discovery/3.5.10", List.of("health check old is CRITICAL"));
        UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                () -> engine.rollback(RollbackRequest.previous("discovery")));
        assertEquals(e.getResult().cause(), Outcome.ROLLED_BACK, e.getResult().outcome());
        assertEquals(List.of("install discovery/3.6.10", "install discovery/3.5.10 with core/3.5.10",
                "install discovery/3.6.10 with core/3.6.10"), runtime.calls("install"));
        assertTrue(runtime.snapshot().stream().anyMatch(l -> l.contains(CORE + "/3.6.10 ACTIVE")));
    }

    @Test
    public void platformFeatureIsNotAnApplicationReleaseAndIsRefused() {
        runtime.platformFeatures.add("discovery");
        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class,
                () -> engine.upgrade(UpgradeRequest.of("discovery", "3.6.10")));
        assertEquals("Feature \"discovery\" is part of the platform (Karaf, Slipway or what they depend on), not an "
                + "application release: upgrading the platform is not done through feature:upgrade or release "
                + "archives", e.getProblems().get(0).message());
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void crashRecoveryVerifiesTheDependencysBundlesFromTheJournal() throws Exception {
        runtime.uninstallBundle("org.example.narrow/1.0.0");
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> engine.upgrade(UpgradeRequest.of("discovery", "3.6.10")));
        runtime.haltAt = null;
        ReleaseEngine restarted = new ReleaseEngine(runtime, new Journal(directory), new TickingClock());
        HistoryEntry recovery = restarted.recover(Duration.ofSeconds(5)).orElseThrow();
        assertEquals(Outcome.ROLLED_BACK, recovery.outcome());
        assertEquals("the journal names the dependency feature to request", "install discovery/3.5.10 with core/3.5.10",
                last(runtime.calls("install")));
        assertEquals(List.of(CORE + "/3.5.10", "org.example.discovery/3.5.10", "org.example.wide/1.0.0"),
                runtime.verified.get("discovery/3.5.10").stream().sorted().toList());
    }

    private static String last(List<String> calls) {
        return calls.get(calls.size() - 1);
    }
}
