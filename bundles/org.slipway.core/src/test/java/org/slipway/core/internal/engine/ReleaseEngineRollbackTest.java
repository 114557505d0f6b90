package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.engine.JournalState.APPLIED;
import static org.slipway.core.internal.engine.JournalState.APPLYING;
import static org.slipway.core.internal.engine.JournalState.COMMITTED;
import static org.slipway.core.internal.engine.JournalState.ROLLBACK_FAILED;
import static org.slipway.core.internal.engine.JournalState.ROLLED_BACK;
import static org.slipway.core.internal.engine.JournalState.ROLLING_BACK;
import static org.slipway.core.internal.engine.JournalState.VERIFYING;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.slipway.api.HistoryEntry;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/** Failures after the first change, automatic rollback, and feature:rollback. */
public class ReleaseEngineRollbackTest extends EngineTestSupport {

    @Test
    public void failingInstallIsRolledBackAndTheReleaseThatRanRunsAgain() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        runtime.installFailures.put("greeter/1.2.0", new Exception("impl 1.2.0 failed to start"));

        UpgradeResult result = failed(UpgradeRequest.of("greeter", "1.2.0"));

        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertEquals("1.1.0", result.running());
        assertEquals("impl 1.2.0 failed to start", result.cause());
        assertEquals("Upgrade of greeter 1.1.0 -> 1.2.0 failed (impl 1.2.0 failed to start) and was rolled back; "
                + "greeter 1.1.0 is running.", result.summary());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of("install greeter/1.2.0", "install greeter/1.1.0"), runtime.calls("install"));
        assertEquals(List.of("verify greeter/1.1.0"), runtime.calls("verify"));
        assertEquals(List.of(APPLYING, ROLLING_BACK, ROLLED_BACK), lastChangeStates());
        HistoryEntry entry = last();
        assertEquals(List.of(HistoryEntry.Action.UPGRADE, "1.1.0", "1.2.0", Outcome.ROLLED_BACK),
                List.of(entry.action(), entry.from(), entry.to(), entry.outcome()));
        assertEquals("impl 1.2.0 failed to start", entry.cause());
        assertFalse(Files.exists(directory.resolve("current")));
    }

    @Test
    public void failingVerificationIsRolledBackWithTheProblemsAsCause() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        runtime.verifyProblems.put("greeter/1.2.0", List.of("component org.slipway.example.greeter.impl.internal."
                + "MemoryGreeter is not active", "health check greeter failed"));

        UpgradeFailedException e = org.junit.Assert.assertThrows(UpgradeFailedException.class,
                () -> upgrade("1.2.0"));

        String cause = "greeter 1.2.0 is not healthy within 30 s: component org.slipway.example.greeter.impl.internal."
                + "MemoryGreeter is not active; health check greeter failed";
        assertEquals(cause, e.getResult().cause());
        assertEquals("Upgrade of greeter 1.1.0 -> 1.2.0 failed (" + cause + ") and was rolled back; greeter 1.1.0 "
                + "is running.", e.getMessage());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(APPLYING, APPLIED, VERIFYING, ROLLING_BACK, ROLLED_BACK), lastChangeStates());
    }

    @Test
    public void failingRollbackEndsInRollbackFailedAndTheJournalSaysSo() throws Exception {
        runningOneOneZero();
        runtime.installFailures.put("greeter/1.2.0", new IllegalStateException("impl 1.2.0 failed to start"));
        runtime.verifyProblems.put("greeter/1.1.0", List.of("bundle org.slipway.example.greeter.web is not ACTIVE"));

        UpgradeResult result = failed(UpgradeRequest.of("greeter", "1.2.0"));

        assertEquals(Outcome.ROLLBACK_FAILED, result.outcome());
        assertNull("nobody knows what runs", result.running());
        String cause = "impl 1.2.0 failed to start; going back to 1.1.0 failed: greeter 1.1.0 is not healthy within "
                + "30 s: bundle org.slipway.example.greeter.web is not ACTIVE";
        assertEquals(cause, result.cause());
        assertTrue(result.summary(), result.summary().contains("and the rollback failed too"));
        assertEquals(List.of(APPLYING, ROLLING_BACK, ROLLBACK_FAILED), lastChangeStates());
        assertEquals(Outcome.ROLLBACK_FAILED, last().outcome());
        assertEquals(cause, last().cause());
        assertEquals(Optional.empty(), journal.pending());
    }

    @Test
    public void journalThatCannotBeWrittenStillLetsTheRollbackRunAndIsReported() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        runtime.installFailures.put("greeter/1.2.0", new Exception("boom"));
        runtime.duringInstall = () -> { // the journal folder becomes a file: every later journal write fails
            runtime.duringInstall = null;
            try {
                java.nio.file.Path changes = directory.resolve("journal");
                try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(changes)) {
                    for (java.nio.file.Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(changes);
                Files.writeString(changes, "not a folder");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };

        UpgradeResult result = failed(UpgradeRequest.of("greeter", "1.2.0"));

        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertTrue(result.cause(), result.cause().startsWith("boom; the journal could not record it: Cannot write the "
                + "Slipway journal at "));
        assertEquals(before, runtime.snapshot());
        assertTrue("the change stays in flight for the next start", Files.exists(directory.resolve("current")));
    }

    @Test
    public void failedFirstInstallIsUninstalled() throws Exception {
        runtime.uninstall("greeter", "1.0.0");
        List<String> before = runtime.snapshot();
        runtime.calls.clear();
        runtime.verifyProblems.put("greeter/1.1.0", List.of("bundle x is not ACTIVE"));

        UpgradeResult result = failed(UpgradeRequest.of("greeter", "1.1.0"));

        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertNull(result.running());
        assertEquals(List.of("uninstall greeter/1.1.0"), runtime.calls("uninstall"));
        assertEquals(Optional.empty(), runtime.installedVersion("greeter"));
        assertEquals(before, runtime.snapshot());
    }

    @Test
    public void rollbackGoesBackToThePreviousCommittedRelease() throws Exception {
        runningOneOneZero();
        List<String> before = List.of("0 org.apache.felix.framework/7.0.5 ACTIVE",
                "5 org.apache.felix.http.servlet-api/1.2.0 ACTIVE", "10 org.slipway.example.greeter.api/1.0.0 ACTIVE",
                "11 org.slipway.example.greeter.impl/1.0.0 ACTIVE", "12 org.slipway.example.greeter.web/1.0.0 ACTIVE");

        UpgradeResult result = engine.rollback(RollbackRequest.previous("greeter"));

        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals("1.0.0", result.running());
        assertEquals(before, runtime.snapshot());
        HistoryEntry entry = last();
        assertEquals(List.of(HistoryEntry.Action.ROLLBACK, "1.1.0", "1.0.0", Outcome.COMMITTED),
                List.of(entry.action(), entry.from(), entry.to(), entry.outcome()));
        assertEquals(List.of(APPLYING, APPLIED, VERIFYING, COMMITTED), lastChangeStates());
    }

    @Test
    public void rollbackToANamedVersionSkipsTheHistory() throws Exception {
        runningOneOneZero();
        assertEquals(Outcome.COMMITTED, upgrade("1.2.0").outcome());
        UpgradeResult result = engine.rollback(RollbackRequest.previous("greeter").withVersion("1.0.0"));
        assertEquals("1.0.0", result.running());
        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
    }

    @Test
    public void simulatedRollbackChangesNothing() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        UpgradeResult result = engine.rollback(RollbackRequest.previous("greeter").withSimulate(true));
        assertEquals(Outcome.SIMULATED, result.outcome());
        assertEquals("1.0.0", result.plan().to());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void rollbackWithNothingCommittedBeforeIsRefused() throws Exception {
        UpgradeRefusedException e = org.junit.Assert.assertThrows(UpgradeRefusedException.class,
                () -> engine.rollback(RollbackRequest.previous("greeter")));
        assertEquals("Refused greeter (previous release): Feature \"greeter\" has no committed change to 1.0.0 in the "
                + "history: name the version to roll back to. Nothing was changed.", e.getMessage());
        assertEquals(List.of(), runtime.calls);
    }

    @Test
    public void rollbackOfAFeatureNotInstalledIsRefused() throws Exception {
        UpgradeRefusedException e = org.junit.Assert.assertThrows(UpgradeRefusedException.class,
                () -> engine.rollback(RollbackRequest.previous("shop")));
        assertEquals("Feature \"shop\" is not installed: there is nothing to roll back",
                e.getProblems().get(0).message());
    }

    @Test
    public void rollbackAfterAFailedUpgradeStillFindsTheCommittedOne() throws Exception {
        runningOneOneZero();
        runtime.installFailures.put("greeter/1.2.0", new Exception("boom"));
        failed(UpgradeRequest.of("greeter", "1.2.0"));
        assertEquals("1.0.0", engine.rollback(RollbackRequest.previous("greeter")).running());
    }

    @Test
    public void rollbackConsidersOnlyCommittedChanges() throws Exception {
        runningOneOneZero();
        // a later change to 1.1.0 that did not commit (the operator repaired the system by hand)
        journal.appendHistory(new HistoryEntry("by-hand", java.time.Instant.parse("2026-11-27T00:00:00Z"),
                HistoryEntry.Action.UPGRADE, "greeter", "1.2.0", "1.1.0", Outcome.ROLLBACK_FAILED, "boom"));
        UpgradeResult result = engine.rollback(RollbackRequest.previous("greeter").withSimulate(true));
        assertEquals("1.0.0", result.plan().to());
    }

    private HistoryEntry last() {
        List<HistoryEntry> history = engine.history("greeter");
        return history.get(history.size() - 1);
    }
}
