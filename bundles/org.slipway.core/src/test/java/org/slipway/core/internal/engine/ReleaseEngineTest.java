package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.engine.JournalState.APPLIED;
import static org.slipway.core.internal.engine.JournalState.APPLYING;
import static org.slipway.core.internal.engine.JournalState.COMMITTED;
import static org.slipway.core.internal.engine.JournalState.VERIFYING;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.slipway.api.BundleChange.Action;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/** Upgrades through the engine: pre-checks, plan, apply, verify, commit. */
public class ReleaseEngineTest extends EngineTestSupport {

    private static final String RESOLVER_TEXT = "Unable to resolve root: missing requirement [root] osgi.identity; "
            + "osgi.identity=greeter; type=karaf.feature; version=\"[2.0.0,2.0.0]\"; filter:=\"(&(osgi.identity=greeter)"
            + "(type=karaf.feature)(version>=2.0.0)(version<=2.0.0))\" [caused by: Unable to resolve greeter/2.0.0: "
            + "missing requirement [greeter/2.0.0] osgi.identity; osgi.identity=org.slipway.example.greeter.web; "
            + "type=osgi.bundle; version=\"[1.1.0,1.1.0]\"; resolution:=mandatory [caused by: Unable to resolve "
            + "org.slipway.example.greeter.web/1.1.0: missing requirement [org.slipway.example.greeter.web/1.1.0] "
            + "osgi.wiring.package; filter:=\"(&(osgi.wiring.package=org.slipway.example.greeter.api)(version>=1.1.0)"
            + "(!(version>=2.0.0)))\"]]";

    @Test
    public void upgradeIsAppliedVerifiedAndCommittedKeepingBundleIds() throws Exception {
        UpgradeResult result = upgrade("1.1.0");

        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals("1.1.0", result.running());
        assertEquals(Optional.of("1.1.0"), engine.installedVersion("greeter"));
        assertEquals(List.of("0 org.apache.felix.framework/7.0.5 ACTIVE", "5 org.apache.felix.http.servlet-api/1.2.0 ACTIVE",
                "10 org.slipway.example.greeter.api/1.1.0 ACTIVE", "11 org.slipway.example.greeter.impl/1.1.0 ACTIVE",
                "12 org.slipway.example.greeter.web/1.1.0 ACTIVE"), runtime.snapshot());
        assertEquals(List.of("resolve greeter/1.1.0", "hold", "snapshotState", "checkpoint APPLYING",
                "install greeter/1.1.0", "checkpoint APPLIED", "checkpoint VERIFYING", "verify greeter/1.1.0",
                "handOver 1.1.0 []", "checkpoint VERIFIED", "release"), runtime.calls);
        assertEquals(List.of(APPLYING, APPLIED, VERIFYING, COMMITTED), lastChangeStates());
        assertFalse("no change in flight", Files.exists(directory.resolve("current")));
        HistoryEntry entry = engine.history("greeter").get(0);
        assertEquals(List.of(HistoryEntry.Action.UPGRADE, "1.0.0", "1.1.0", Outcome.COMMITTED),
                List.of(entry.action(), entry.from(), entry.to(), entry.outcome()));
        assertNull(entry.cause());
        assertTrue("elapsed comes from the clock", result.elapsed().compareTo(TickingClock.TICK) > 0);
        assertEquals(3, result.plan().bundles().size());
        assertTrue(result.summary(), result.summary().startsWith("Upgraded greeter 1.0.0 -> 1.1.0 in "));
    }

    @Test
    public void unknownFeatureIsRefusedAndNothingChanges() throws Exception {
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = refused(UpgradeRequest.of("nope", "1.0.0"));
        assertEquals(List.of(Problem.error("Feature \"nope\" is not known to any repository")), e.getProblems());
        assertEquals("Refused nope 1.0.0: Feature \"nope\" is not known to any repository. Nothing was changed.",
                e.getMessage());
        assertNothingChanged(before);
    }

    @Test
    public void unknownVersionIsRefusedListingTheKnownVersions() throws Exception {
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = refused(UpgradeRequest.of("greeter", "9.9.9"));
        assertEquals(List.of(Problem.error("Feature \"greeter\" has no version 9.9.9 in any repository "
                + "(known: 1.0.0, 1.1.0, 1.2.0, 2.0.0)")), e.getProblems());
        assertNothingChanged(before);
    }

    @Test
    public void sameVersionIsNoChanges() throws Exception {
        UpgradeResult result = upgrade("1.0");
        assertEquals(Outcome.NO_CHANGES, result.outcome());
        assertTrue(result.plan().isEmpty());
        assertEquals("No changes: greeter 1.0.0 is already running.", result.summary());
        assertEquals(List.of(), runtime.calls);
        assertEquals(0, journalFiles());
    }

    @Test
    public void incompatibleMajorIsRefusedNamingImporterPackageRangeAndOfferAndNothingChanges() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = refused(UpgradeRequest.of("greeter", "2.0.0"));
        assertEquals(List.of(new org.slipway.api.ImportViolation("org.slipway.example.greeter.web", "1.1.0", 12,
                "org.slipway.example.greeter.api", "[1.1,2)", "2.0.0")), e.getViolations());
        assertEquals("Refused greeter 2.0.0: Bundle org.slipway.example.greeter.web 1.1.0 [12] imports "
                + "org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0. Nothing was changed.",
                e.getMessage());
        assertNothingChanged(before);
        assertEquals(1, engine.history("greeter").size());
    }

    @Test
    public void forceOverridesTheVersionCheckAndSaysSoLoudly() throws Exception {
        runningOneOneZero();
        UpgradeResult result = engine.upgrade(UpgradeRequest.of("greeter", "2.0.0").withForce(true));
        assertEquals(Outcome.COMMITTED, result.outcome());
        assertTrue(result.plan().forced());
        Problem warning = result.plan().warnings().get(0);
        assertTrue(warning.message(), warning.message().startsWith("FORCED: Bundle org.slipway.example.greeter.web"));
        assertEquals(Problem.Severity.WARNING, warning.severity());
    }

    @Test
    public void unresolvableTargetIsRefusedInWordsEvenWhenForced() throws Exception {
        runningOneOneZero();
        runtime.resolveMessages.put("greeter/2.0.0", List.of(RESOLVER_TEXT));
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = refused(UpgradeRequest.of("greeter", "2.0.0").withForce(true));
        assertEquals(Problem.error("Bundle org.slipway.example.greeter.web/1.1.0 of feature greeter/2.0.0 cannot "
                + "resolve: it needs package org.slipway.example.greeter.api [1.1.0,2.0.0), which nothing in the target "
                + "state exports"), e.getProblems().get(0));
        assertTrue("the forced violation is still reported", e.getProblems().get(1).message().startsWith("FORCED: "));
        assertNothingChanged(before);
    }

    @Test
    public void downgradeIsRefusedThenAllowedWithTheFlag() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        UpgradeRefusedException e = refused(UpgradeRequest.of("greeter", "1.0.0"));
        assertEquals("Feature \"greeter\" 1.0.0 is older than the installed 1.1.0: that is a downgrade; "
                + "use --allow-downgrade to go back anyway", e.getProblems().get(0).message());
        assertNothingChanged(before);

        UpgradeResult result = engine.upgrade(UpgradeRequest.of("greeter", "1.0.0").withAllowDowngrade(true));
        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
        assertEquals("12 org.slipway.example.greeter.web/1.0.0 ACTIVE", runtime.snapshot().get(4));
    }

    @Test
    public void simulateReturnsThePlanAndChangesNothing() throws Exception {
        List<String> before = runtime.snapshot();
        UpgradeResult result = engine.upgrade(UpgradeRequest.of("greeter", "1.1.0").withSimulate(true));
        assertEquals(Outcome.SIMULATED, result.outcome());
        assertEquals(List.of(Action.UPDATE, Action.UPDATE, Action.UPDATE),
                result.plan().bundles().stream().map(b -> b.action()).toList());
        assertEquals("Simulated greeter 1.0.0 -> 1.1.0: nothing was changed.", result.summary());
        assertNothingChanged(before);
    }

    @Test
    public void firstInstallOfAFeatureIsPlannedAsInstalls() throws Exception {
        runtime.uninstall("greeter", "1.0.0");
        runtime.calls.clear();
        UpgradeResult result = upgrade("1.1.0");
        assertEquals(Outcome.COMMITTED, result.outcome());
        assertNull(result.plan().from());
        assertEquals(List.of(Action.INSTALL, Action.INSTALL, Action.INSTALL),
                result.plan().bundles().stream().map(b -> b.action()).toList());
        assertNull(engine.history("greeter").get(0).from());
    }

    @Test(timeout = 20_000) // a second request that waits instead of failing at once fails here
    public void secondRequestIsRefusedAtOnceWhileAChangeRuns() throws Exception {
        runtime.installEntered = new CountDownLatch(1);
        runtime.installMayGo = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<UpgradeResult> first = executor.submit(() -> upgrade("1.1.0"));
            assertTrue(runtime.installEntered.await(10, TimeUnit.SECONDS));

            UpgradeInProgressException e = assertThrows(UpgradeInProgressException.class, () -> upgrade("1.2.0"));
            assertEquals("greeter 1.0.0 -> 1.1.0", e.getRunning());
            assertEquals("Another change is in progress: greeter 1.0.0 -> 1.1.0, since "
                    + e.getSince().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "; try again when it has finished.", e.getMessage());
            assertThrows(UpgradeInProgressException.class, () -> engine.recover());
            assertEquals(1, runtime.calls("install").size());

            runtime.installMayGo.countDown();
            assertEquals(Outcome.COMMITTED, first.get(10, TimeUnit.SECONDS).outcome());
        } finally {
            runtime.installMayGo.countDown();
            executor.shutdownNow();
        }
        runtime.installEntered = null;
        assertEquals(Outcome.COMMITTED, upgrade("1.2.0").outcome());
    }

    @Test
    public void versionsAndInstalledVersionComeFromTheRuntime() {
        assertEquals(List.of("1.0.0", "1.1.0", "1.2.0", "2.0.0"), engine.versions("greeter"));
        assertEquals(List.of(), engine.versions("nope"));
        assertEquals(Optional.of("1.0.0"), engine.installedVersion("greeter"));
        assertEquals(List.of(), engine.history(null));
    }

    private void assertNothingChanged(List<String> before) throws Exception {
        assertEquals(before, runtime.snapshot());
        assertEquals("nothing was installed or uninstalled", List.of(),
                runtime.calls.stream().filter(c -> c.startsWith("install") || c.startsWith("uninstall")).toList());
        assertFalse(Files.exists(directory.resolve("current")));
    }
}
