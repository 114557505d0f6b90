package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.Problem;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.testkit.UpgradeReport;

/**
 * Slipway's feature:upgrade on the real distribution, against every greeter release. Each test starts
 * from greeter 1.0.0 installed with stock Karaf semantics.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeIT extends SlipwayTestSupport {

    private static final String IMPL = "org.slipway.example.greeter.impl";

    @Inject
    protected ReleaseService releases;

    @Before
    public void greeterOneIsRunning() throws Exception {
        features.installFeatures(java.util.Set.of("greeter/1.0.0"), EnumSet.of(FeaturesService.Option.Upgrade));
        waitForGreeter("1.0.0");
    }

    @Test
    public void compatibleMinorUpgradesLiveInPlaceKeepingBundleIds() throws Exception {
        Map<String, String> others = everyBundleBut("org.slipway.example.greeter.");
        Map<String, Long> ids = greeterBundleIds();

        String output = executeCommand("feature:upgrade -v greeter 1.1.0");

        assertTrue(output, output.contains("update    org.slipway.example.greeter.api 1.0.0 -> 1.1.0 (greeter 1.0.0 -> 1.1.0, in place)"));
        assertTrue(output, output.contains("Upgraded greeter 1.0.0 -> 1.1.0 in "));
        assertTrue(output, output.contains("greeter 1.1.0 is running."));
        assertEquals("bundles updated in place keep their ids", ids, greeterBundleIds());
        assertEquals("no other bundle changed id, version or state", others, everyBundleBut("org.slipway.example.greeter."));
        for (Bundle bundle : greeterBundles()) {
            assertEquals(bundle + " version", "1.1.0", bundle.getVersion().toString());
            assertEquals(bundle + " state", Bundle.ACTIVE, bundle.getState());
        }
        waitForGreeter("1.1.0");
        String answer = get("/greet?name=Ada").body();
        assertTrue(answer, answer.matches("Welcome, Ada! Greeted 1 time\\. \\d+ greetings? in all\\. \\[greeter 1\\.1\\.0\\]"));
        HistoryEntry last = last(releases.history("greeter"));
        assertEquals(UpgradeResult.Outcome.COMMITTED, last.outcome());
        assertEquals("1.0.0", last.from());
        assertEquals("1.1.0", last.to());
    }

    @Test
    public void incompatibleMajorIsRefusedNamingImporterPackageRangeAndOfferAndNothingChanges() throws Exception {
        releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
        waitForGreeter("1.1.0");
        Map<String, String> before = everyBundle();

        // The kit checks every bundle's id, version and state, the installed version and the history.
        UpgradeReport report = upgrades().upgrade("greeter", "2.0.0")
                .withLoad(URI.create(HTTP + "/greet?name=Load"))
                .after("1.1.0 still answers", () -> get("/greet?name=Ada").body().endsWith("[greeter 1.1.0]"), true)
                .expectRefused("org.slipway.example.greeter.api");

        ImportViolation violation = report.problems().stream().map(Problem::violation).filter(Objects::nonNull)
                .findFirst().orElseThrow(() -> new AssertionError("no import violation: " + report.problems()));
        assertEquals("org.slipway.example.greeter.web", violation.importer());
        assertEquals("org.slipway.example.greeter.api", violation.packageName());
        assertEquals("[1.1,2)", violation.range());
        assertEquals("2.0.0", violation.offered());
        assertTrue(report.summary(), report.summary().contains("Nothing was changed."));
        assertEquals("every bundle's id, version and state", before, everyBundle());

        String output = executeCommandExpectingFailure("feature:upgrade greeter/2.0.0");
        assertTrue(output, output.contains("imports org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0"));
        assertEquals(before, everyBundle());
    }

    @Test
    public void brokenReleaseIsRolledBackAndThePreviousReleaseServes() throws Exception {
        releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
        waitForGreeter("1.1.0");

        // The kit checks that 1.1.0 runs again: every bundle's name, version and state as before.
        UpgradeReport report = upgrades().upgrade("greeter", "1.2.0").withTimeout(Duration.ofSeconds(10))
                .withLoad(URI.create(HTTP + "/greet?name=Load"))
                .expectRolledBack("failed to activate");

        UpgradeResult result = report.result();
        assertEquals("1.1.0", result.running());
        assertTrue(report.summary(), report.summary().startsWith("Upgrade of greeter 1.1.0 -> 1.2.0 failed ("));
        assertTrue(report.summary(), report.summary().endsWith("and was rolled back; greeter 1.1.0 is running."));
        for (Bundle bundle : greeterBundles()) {
            assertEquals(bundle + " version", "1.1.0", bundle.getVersion().toString());
            assertEquals(bundle + " state", Bundle.ACTIVE, bundle.getState());
        }
        waitForGreeter("1.1.0");
        assertEquals(UpgradeResult.Outcome.ROLLED_BACK, last(releases.history("greeter")).outcome());
    }

    @Test
    public void failingHealthCheckRollsBack() throws Exception {
        ServiceRegistration<HealthCheck> check = context.registerService(HealthCheck.class,
                () -> {
                    FormattingResultLog log = new FormattingResultLog();
                    if (bundle(IMPL).getVersion().toString().equals("1.1.0")) {
                        log.critical("the test refuses greeter 1.1.0");
                    } else {
                        log.info("fine");
                    }
                    return new Result(log);
                }, properties(HealthCheck.NAME, "refuses-1.1.0"));
        try {
            releases.upgrade(UpgradeRequest.of("greeter", "1.1.0").withTimeout(Duration.ofSeconds(3)));
            fail("the health check fails for 1.1.0");
        } catch (UpgradeFailedException failed) {
            assertEquals(UpgradeResult.Outcome.ROLLED_BACK, failed.getResult().outcome());
            assertTrue(failed.getResult().cause(), failed.getResult().cause().contains("refuses-1.1.0"));
            assertEquals("1.0.0", failed.getResult().running());
        } finally {
            check.unregister();
        }
        assertEquals("1.0.0", bundle(IMPL).getVersion().toString());
        waitForGreeter("1.0.0");
    }

    @Test
    public void downgradeIsRefusedUnlessAllowed() throws Exception {
        releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
        try {
            releases.upgrade(UpgradeRequest.of("greeter", "1.0.0"));
            fail("a downgrade needs --allow-downgrade");
        } catch (UpgradeRefusedException refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("--allow-downgrade"));
        }
        assertEquals("1.1.0", bundle(IMPL).getVersion().toString());

        String output = executeCommand("feature:upgrade --allow-downgrade greeter 1.0.0");
        assertTrue(output, output.contains("greeter 1.0.0 is running."));
        assertEquals("1.0.0", bundle(IMPL).getVersion().toString());
        waitForGreeter("1.0.0");
    }

    @Test
    public void simulateShowsThePlanAndChangesNothing() throws Exception {
        Map<String, String> before = everyBundle();
        int history = releases.history("greeter").size();

        String output = executeCommand("feature:upgrade --simulate greeter 1.1.0");

        assertTrue(output, output.contains("Plan for greeter 1.0.0 -> 1.1.0:"));
        assertTrue(output, output.contains("update    org.slipway.example.greeter.api 1.0.0 -> 1.1.0"));
        assertTrue(output, output.contains("package   org.slipway.example.greeter.api 1.0.0 -> 1.1.0 minor"));
        assertTrue(output, output.contains("Simulated greeter 1.0.0 -> 1.1.0: nothing was changed."));
        assertEquals(before, everyBundle());
        assertEquals(history, releases.history("greeter").size());
    }

    @Test
    public void sameVersionSaysNoChangesAndUnknownVersionListsTheKnownOnes() throws Exception {
        assertTrue(executeCommand("feature:upgrade greeter 1.0.0").contains("No changes"));
        try {
            releases.upgrade(UpgradeRequest.of("greeter", "9.9.9"));
            fail("9.9.9 does not exist");
        } catch (UpgradeRefusedException refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains(
                    "Feature \"greeter\" has no version 9.9.9 in any repository (known: 1.0.0, 1.1.0, 1.2.0, 2.0.0)"));
        }
    }

    @Test
    public void rollbackReturnsToThePreviousCommittedRelease() throws Exception {
        releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
        waitForGreeter("1.1.0");

        String output = executeCommand("feature:rollback greeter");

        assertTrue(output, output.contains("greeter 1.0.0 is running."));
        assertEquals("1.0.0", bundle(IMPL).getVersion().toString());
        waitForGreeter("1.0.0");
        HistoryEntry last = last(releases.history("greeter"));
        assertEquals(HistoryEntry.Action.ROLLBACK, last.action());
        assertEquals(UpgradeResult.Outcome.COMMITTED, last.outcome());
    }

    @Test
    public void concurrentUpgradeIsRefusedAtOnce() throws Exception {
        CountDownLatch verifying = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServiceRegistration<HealthCheck> slow = context.registerService(HealthCheck.class, () -> {
            if (bundle(IMPL).getVersion().toString().equals("1.1.0")) {
                verifying.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            FormattingResultLog log = new FormattingResultLog();
            log.info("ok");
            return new Result(log);
        }, properties(HealthCheck.NAME, "slow"));
        try {
            CompletableFuture<UpgradeResult> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return releases.upgrade(UpgradeRequest.of("greeter", "1.1.0"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue("the first upgrade reaches verification", verifying.await(30, TimeUnit.SECONDS));
            long began = System.nanoTime();
            try {
                releases.rollback(RollbackRequest.previous("greeter"));
                fail("a second change while one runs must be refused");
            } catch (UpgradeInProgressException busy) {
                assertTrue(busy.getMessage(), busy.getMessage().contains("greeter 1.0.0 -> 1.1.0"));
                assertTrue("refused at once", System.nanoTime() - began < TimeUnit.SECONDS.toNanos(1));
            }
            release.countDown();
            assertEquals(UpgradeResult.Outcome.COMMITTED, first.get(60, TimeUnit.SECONDS).outcome());
        } finally {
            release.countDown();
            slow.unregister();
        }
    }

    private String executeCommandExpectingFailure(String command) throws Exception {
        try {
            String output = executeCommand(command);
            fail(command + " must fail, printed: " + output);
            return output;
        } catch (UpgradeRefusedException | UpgradeFailedException expected) {
            return expected.getMessage();
        }
    }

    private List<Bundle> greeterBundles() {
        return List.of(bundle("org.slipway.example.greeter.api"), bundle(IMPL), bundle("org.slipway.example.greeter.web"));
    }

    private Map<String, Long> greeterBundleIds() {
        Map<String, Long> ids = new TreeMap<>();
        greeterBundles().forEach(b -> ids.put(b.getSymbolicName(), b.getBundleId()));
        return ids;
    }

    private Map<String, String> everyBundleBut(String prefix) {
        Map<String, String> all = everyBundle();
        all.keySet().removeIf(key -> key.startsWith(prefix));
        return all;
    }

    private static Dictionary<String, Object> properties(String key, Object value) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        return properties;
    }
}
