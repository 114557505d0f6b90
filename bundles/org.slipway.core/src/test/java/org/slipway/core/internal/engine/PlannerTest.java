package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.slipway.api.BundleChange;
import org.slipway.api.BundleChange.Action;
import org.slipway.api.Plan;
import org.slipway.api.Problem;

/** Plans on the scenarios under {@code upgrades/}. */
public class PlannerTest {

    private static final String REINSTALLED = ", reinstalled with a new bundle id (outside bundleUpdateRange)";

    private static final String G = "org.slipway.example.greeter";

    private static Assessment plan(String scenario) {
        FixtureRuntime runtime = FixtureRuntime.load(scenario);
        return new Planner().plan(new Transition(runtime.feature, runtime.from, runtime.to), runtime.installedBundles(),
                runtime.simulate(runtime.feature, runtime.to));
    }

    /** The plan's bundle changes without the feature that brings each (which the tests below do not check). */
    private static List<BundleChange> bundles(Plan plan) {
        return plan.bundles().stream()
                .map(b -> new BundleChange(b.action(), b.symbolicName(), b.from(), b.to(), b.reason())).toList();
    }

    @Test
    public void minorUpgradeUpdatesEveryBundleWithTheFeatureChangeAsReason() {
        Plan plan = plan("1.0.0-to-1.1.0").plan();
        String reason = "greeter 1.0.0 -> 1.1.0" + REINSTALLED;
        assertEquals(List.of(new BundleChange(Action.UPDATE, G + ".api", "1.0.0", "1.1.0", reason),
                new BundleChange(Action.UPDATE, G + ".impl", "1.0.0", "1.1.0", reason),
                new BundleChange(Action.UPDATE, G + ".web", "1.0.0", "1.1.0", reason)), bundles(plan));
        assertEquals(List.of(G + ".impl/" + G + ".impl.internal.MemoryGreeter",
                G + ".web/" + G + ".web.internal.GreetServlet"), plan.components());
        assertEquals(1, plan.packages().size());
        assertFalse(plan.isEmpty());
        assertFalse(plan.forced());
    }

    @Test
    public void releaseThatReplacesOnlyTheImplUpdatesOnlyTheImpl() {
        Plan plan = plan("1.1.0-to-1.2.0").plan();
        assertEquals(List.of(new BundleChange(Action.UPDATE, G + ".impl", "1.1.0", "1.2.0", "greeter 1.1.0 -> 1.2.0" + REINSTALLED)),
                bundles(plan));
        assertEquals(List.of(G + ".impl/" + G + ".impl.internal.MemoryGreeter"), plan.components());
    }

    @Test
    public void stayingBundlesWiredToAnUpdatedPackageAreRefreshedTransitivelyWithTheReason() {
        Plan plan = plan("refresh-chain").plan();
        List<BundleChange> refreshes = bundles(plan).stream().filter(b -> b.action() == Action.REFRESH).toList();
        assertEquals(List.of(
                new BundleChange(Action.REFRESH, "org.slipway.example.dashboard", "1.0.0", "1.0.0",
                        "wired to package org.slipway.example.monitor of org.slipway.example.monitor 1.0.0, "
                                + "which is refreshed"),
                new BundleChange(Action.REFRESH, "org.slipway.example.monitor", "1.0.0", "1.0.0",
                        "wired to package org.slipway.example.greeter.api of org.slipway.example.greeter.api 1.0.0, "
                                + "which is updated")), refreshes);
        assertTrue(plan.components().containsAll(List.of("org.slipway.example.monitor/org.slipway.example.monitor.Probe",
                "org.slipway.example.dashboard/org.slipway.example.dashboard.Page")));
        assertFalse("the servlet API is not touched", plan.bundles().stream()
                .anyMatch(b -> b.symbolicName().startsWith("org.apache")));
    }

    @Test
    public void droppedBundleIsUninstalledAndNewOneInstalled() {
        Assessment assessment = plan("removed-package");
        String shop = "org.example.shop";
        assertEquals(List.of(
                new BundleChange(Action.INSTALL, shop + ".cache", null, "1.1.0", "new in shop 1.1.0"),
                new BundleChange(Action.UPDATE, shop + ".api", "1.0.0", "1.1.0", "shop 1.0.0 -> 1.1.0" + REINSTALLED),
                new BundleChange(Action.UNINSTALL, shop + ".util", "1.0.0", null, "not in shop 1.1.0"),
                new BundleChange(Action.REFRESH, shop + ".audit", "1.0.0", "1.0.0",
                        "wired to package org.example.shop.util of org.example.shop.util 1.0.0, which is uninstalled"),
                new BundleChange(Action.REFRESH, shop + ".reports", "1.0.0", "1.0.0",
                        "wired to package org.example.shop.api of org.example.shop.api 1.0.0, which is updated")),
                bundles(assessment.plan()));
        assertEquals(List.of(shop + ".api/" + shop + ".api.Registry", shop + ".cache/" + shop + ".cache.Cache",
                shop + ".reports/" + shop + ".reports.Daily"), assessment.plan().components());
        assertEquals(2, assessment.violations().size());
    }

    @Test
    public void featureNotInstalledInstallsEveryBundle() {
        FixtureRuntime runtime = FixtureRuntime.load("1.0.0-to-1.1.0");
        List<BundleInfo> platform = runtime.installedBundles().stream()
                .filter(b -> b.symbolicName().startsWith("org.apache")).toList();
        Plan plan = new Planner().plan(new Transition("greeter", null, "1.1.0"), platform, FeatureDiff.of(platform,
                List.of(), runtime.featureBundles("greeter", "1.1.0"), UpdateRange.KARAF_DEFAULT, Map.of())).plan();
        assertEquals(List.of(Action.INSTALL, Action.INSTALL, Action.INSTALL),
                plan.bundles().stream().map(BundleChange::action).toList());
        assertEquals("new in greeter 1.1.0", plan.bundles().get(0).reason());
        assertEquals(List.of(), plan.packages());
    }

    @Test
    public void sameVersionPlansNothing() {
        FixtureRuntime runtime = FixtureRuntime.load("1.1.0-to-2.0.0");
        List<BundleInfo> bundles = runtime.featureBundles("greeter", "1.1.0");
        Plan plan = new Planner().plan(new Transition("greeter", "1.1.0", "1.1.0"), runtime.installedBundles(),
                FeatureDiff.of(runtime.installedBundles(), bundles, bundles, UpdateRange.KARAF_DEFAULT, Map.of())).plan();
        assertEquals(List.of(), plan.bundles());
        assertEquals(List.of(), plan.components());
        assertTrue(plan.isEmpty());
    }

    @Test
    public void violationsAreCarriedAndForcingTurnsThemIntoLoudWarnings() {
        Assessment assessment = plan("1.1.0-to-2.0.0");
        assertEquals(1, assessment.violations().size());
        assertEquals(Problem.Severity.ERROR, assessment.problems().get(0).severity());
        Plan forced = assessment.forced();
        assertTrue(forced.forced());
        assertEquals(1, forced.warnings().size());
        Problem warning = forced.warnings().get(0);
        assertEquals(Problem.Severity.WARNING, warning.severity());
        assertEquals("FORCED: Bundle org.slipway.example.greeter.web 1.1.0 [12] imports "
                + "org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0", warning.message());
        assertEquals(assessment.violations().get(0), warning.violation());
        assertFalse("without violations there is nothing to force", plan("1.0.0-to-1.1.0").forced().forced());
    }

}
