package org.slipway.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ImportViolation;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

import com.sun.net.httpserver.HttpServer;

/**
 * Each expectation passes on the outcome it names and fails, with a message that shows why, on everything it
 * promises to check: a fake release service and framework, a real HTTP server on loopback for the load.
 */
public class UpgradeTest {

    private static final String API = "org.acme.api";
    private static final String IMPL = "org.acme.impl";

    private final FakeFramework framework = new FakeFramework("acme", "1.0.0", API, IMPL);
    private HttpServer server;
    /** The status the server answers; a change may set it. */
    private volatile int status = 200;
    private URI uri;

    @Before
    public void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("answer " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/greet");
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private Upgrade upgrade(String version) {
        return Upgrades.in(framework.context()).upgrade("acme", version);
    }

    private void commits(long millis) {
        framework.change = (request, fw) -> {
            UpgradeResult.Outcome outcome = Outcome.COMMITTED;
            var plan = fw.plan("acme", request.version());
            fw.moveTo(request.version(), millis);
            return fw.result(outcome, plan, request.version(), null);
        };
    }

    // --- expectLive

    @Test
    public void aLiveUpgradeUnderLoadReportsItsResultAndTheLoad() {
        commits(300);

        UpgradeReport report = upgrade("1.1.0").withLoad(uri, Duration.ofMillis(5))
                .after("the new release answers", () -> framework.installed, "1.1.0")
                .expectLive();

        assertEquals(Outcome.COMMITTED, report.outcome());
        assertEquals("1.1.0", report.result().running());
        assertEquals(0, report.load().failed());
        assertTrue(report.load().toString(), report.load().duringChange() >= 10);
        assertTrue(report.load().toString(), report.load().requests() > report.load().duringChange());
    }

    @Test
    public void aRequestThatFailsWhileTheChangeRunsFailsExpectLiveShowingTheFailureAndThePlan() {
        framework.change = (request, fw) -> {
            var plan = fw.plan("acme", request.version());
            status = 503;
            fw.moveTo(request.version(), 200);
            status = 200;
            return fw.result(Outcome.COMMITTED, plan, request.version(), null);
        };

        AssertionError error = assertThrows(AssertionError.class,
                () -> upgrade("1.1.0").withLoad(uri, Duration.ofMillis(5)).expectLive());

        assertTrue(error.getMessage(), error.getMessage().startsWith("acme 1.0.0 -> 1.1.0 was expected to upgrade live"));
        assertTrue(error.getMessage(), error.getMessage().matches("(?s).*- \\d+ of \\d+ requests failed: \\[sent at .*HTTP 503 answer 503.*"));
        assertTrue(error.getMessage(), error.getMessage().contains("update    org.acme.api 1.0.0 -> 1.1.0 (feature acme)"));
    }

    @Test
    public void aLoadThatSentNothingWhileTheChangeRanProvesNothingAndFails() {
        commits(0);

        AssertionError error = assertThrows(AssertionError.class,
                () -> upgrade("1.1.0").withLoad(uri, Duration.ofSeconds(30)).expectLive());

        assertTrue(error.getMessage(), error.getMessage().contains("no request of the load ran while the change did"));
    }

    @Test
    public void aStateThatIsNotKeptFailsShowingBeforeAndAfter() {
        AtomicInteger count = new AtomicInteger(3);
        framework.change = (request, fw) -> {
            var plan = fw.plan("acme", request.version());
            fw.moveTo(request.version(), 0);
            count.set(0);
            return fw.result(Outcome.COMMITTED, plan, request.version(), null);
        };

        AssertionError error = assertThrows(AssertionError.class,
                () -> upgrade("1.1.0").keeps("the count", count::get).expectLive());

        assertTrue(error.getMessage(), error.getMessage().contains("- the count was not kept: before 3, after 0"));
    }

    @Test
    public void anAfterCheckThatReadsSomethingElseFailsShowingBoth() {
        commits(0);

        AssertionError error = assertThrows(AssertionError.class,
                () -> upgrade("1.1.0").after("the greeting", () -> "Hello", "Welcome").expectLive());

        assertTrue(error.getMessage(), error.getMessage().contains("- the greeting: expected \"Welcome\", after \"Hello\""));
    }

    @Test
    public void aCommitThatLeavesABundleOfThePlanMissingFailsExpectLive() {
        framework.change = (request, fw) -> {
            var plan = fw.plan("acme", request.version());
            fw.moveTo(request.version(), 0);
            fw.bundle(IMPL).version = "1.0.5";
            return fw.result(Outcome.COMMITTED, plan, request.version(), null);
        };

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("1.1.0").expectLive());

        assertTrue(error.getMessage(), error.getMessage().contains("the plan's update of org.acme.impl 1.1.0 is not installed"));
    }

    @Test
    public void aRolledBackChangeFailsExpectLiveWithTheCause() {
        framework.change = (request, fw) -> {
            throw new UpgradeFailedException(fw.result(Outcome.ROLLED_BACK, fw.plan("acme", request.version()),
                    "1.0.0", "component X failed to activate"));
        };

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("1.1.0").expectLive());

        assertTrue(error.getMessage(), error.getMessage().contains("- outcome ROLLED_BACK, expected COMMITTED"));
        assertTrue(error.getMessage(), error.getMessage().contains("failed (component X failed to activate)"));
        assertTrue(error.getCause() instanceof UpgradeFailedException);
    }

    // --- expectRefused

    private void refuses() {
        framework.change = (request, fw) -> {
            throw new UpgradeRefusedException("acme", request.version(), List.of(Problem.of(new ImportViolation(
                    "org.acme.web", "1.0.0", 12, API, "[1.0,2)", "2.0.0")), Problem.warning("a warning")));
        };
    }

    @Test
    public void aRefusalNamingThePackageWithNothingChangedPasses() {
        refuses();

        UpgradeReport report = upgrade("2.0.0").withLoad(uri, Duration.ofMillis(2)).expectRefused(API);

        assertEquals(Outcome.REFUSED, report.outcome());
        assertNull(report.result());
        assertEquals(2, report.problems().size());
        assertTrue(report.summary(), report.summary().endsWith("Nothing was changed."));
    }

    @Test
    public void aRefusalForAnotherReasonFailsListingItsProblems() {
        refuses();

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("2.0.0").expectRefused("org.other"));

        assertTrue(error.getMessage(), error.getMessage().contains("- no problem of the refusal contains \"org.other\""));
        assertTrue(error.getMessage(), error.getMessage().contains("ERROR: Bundle org.acme.web 1.0.0 [12] imports org.acme.api [1.0,2), but the upgrade offers 2.0.0"));
        assertTrue(error.getMessage(), error.getMessage().contains("WARNING: a warning"));
    }

    @Test
    public void aRefusalThatChangedABundleOrTheHistoryFails() {
        framework.change = (request, fw) -> {
            fw.bundle(IMPL).state = Bundle.RESOLVED;
            fw.history.add(new HistoryEntry("1", Instant.now(), HistoryEntry.Action.UPGRADE, "acme", "1.0.0",
                    request.version(), Outcome.REFUSED, "no"));
            throw new UpgradeRefusedException("acme", request.version(), List.of(Problem.error("no " + API)));
        };

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("2.0.0").expectRefused(API));

        assertTrue(error.getMessage(), error.getMessage().contains(
                "- bundles changed (name, version, id, state): before only [org.acme.impl 1.0.0 [11] ACTIVE], after only [org.acme.impl 1.0.0 [11] RESOLVED]"));
        assertTrue(error.getMessage(), error.getMessage().contains("- the history of acme has 1 new entries"));
    }

    @Test
    public void anUpgradeThatCommitsFailsExpectRefusedShowingThePlan() {
        commits(0);

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("2.0.0").expectRefused(API));

        assertTrue(error.getMessage(), error.getMessage().contains("- outcome COMMITTED, expected REFUSED"));
        assertTrue(error.getMessage(), error.getMessage().contains("Plan for acme 1.0.0 -> 2.0.0:"));
    }

    // --- expectRolledBack

    @Test
    public void aRollbackToTheReleaseThatRanPasses() {
        framework.change = (request, fw) -> {
            var plan = fw.plan("acme", request.version());
            fw.moveTo(request.version(), 50);
            fw.moveTo("1.0.0", 50);
            throw new UpgradeFailedException(fw.result(Outcome.ROLLED_BACK, plan, "1.0.0", "X failed to activate"));
        };

        UpgradeReport report = upgrade("1.2.0").withLoad(uri, Duration.ofMillis(5)).expectRolledBack("failed to activate");

        assertEquals(Outcome.ROLLED_BACK, report.outcome());
        assertEquals("X failed to activate", report.result().cause());
    }

    @Test
    public void aRollbackThatLeavesAnotherVersionOrAnotherCauseFails() {
        framework.change = (request, fw) -> {
            var plan = fw.plan("acme", request.version());
            fw.bundle(API).version = "1.2.0";
            throw new UpgradeFailedException(fw.result(Outcome.ROLLED_BACK, plan, "1.0.0", "health check red"));
        };

        AssertionError error = assertThrows(AssertionError.class,
                () -> upgrade("1.2.0").expectRolledBack("failed to activate"));

        assertTrue(error.getMessage(), error.getMessage().contains("- the cause does not contain \"failed to activate\": health check red"));
        assertTrue(error.getMessage(), error.getMessage().contains(
                "- bundles differ from before the change (name, version, state): before only [org.acme.api 1.0.0 ACTIVE], after only [org.acme.api 1.2.0 ACTIVE]"));
    }

    @Test
    public void aCommitFailsExpectRolledBack() {
        commits(0);

        AssertionError error = assertThrows(AssertionError.class, () -> upgrade("1.2.0").expectRolledBack());

        assertTrue(error.getMessage(), error.getMessage().contains("- outcome COMMITTED, expected ROLLED_BACK"));
    }

    @Test
    public void badInputIsRefusedBeforeAnythingRuns() {
        assertThrows(IllegalArgumentException.class, () -> upgrade("1.1.0").withLoad(URI.create("https://x/")));
        assertThrows(IllegalArgumentException.class, () -> upgrade("1.1.0").withLoad(uri, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> upgrade("1.1.0").expectRefused(" "));
        assertThrows(IllegalArgumentException.class, () -> upgrade(" "));
    }
}
