package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;
import org.slipway.api.HistoryEntry;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult.Outcome;

/** A JVM stopped in the middle of a change, then started again: recover() before anything else. */
public class ReleaseEngineRecoveryTest extends EngineTestSupport {

    /** Halts the upgrade 1.0.0 -> 1.1.0 at {@code step}, restarts, recovers; @return the recovery */
    private HistoryEntry crashAtThenRecover(String step, String expectedState) throws Exception {
        List<String> before = runtime.snapshot();
        runtime.haltAt = step;
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        JournalRecord pending = journal.pending().orElseThrow();
        assertEquals(expectedState, pending.state().name());

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertEquals(List.of(HistoryEntry.Action.RECOVERY, "greeter", "1.0.0", "1.1.0", Outcome.ROLLED_BACK),
                List.of(recovery.action(), recovery.feature(), recovery.from(), recovery.to(), recovery.outcome()));
        assertEquals("JVM stopped during " + expectedState + " of greeter 1.0.0 -> 1.1.0 (journal " + pending.id() + ")",
                recovery.cause());
        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
        assertEquals(before, runtime.snapshot());
        assertEquals(Optional.empty(), journal.pending());
        assertFalse(Files.exists(directory.resolve("current")));
        assertEquals(List.of(recovery), journal.history("greeter"));
        List<JournalState> states = journal.records(pending.id()).stream().map(JournalRecord::state).toList();
        assertEquals(List.of(JournalState.ROLLING_BACK, JournalState.ROLLED_BACK),
                states.subList(states.size() - 2, states.size()));
        return recovery;
    }

    @Test
    public void crashWhileApplyingIsRolledBackAtStart() throws Exception {
        crashAtThenRecover("APPLYING", "APPLYING");
    }

    @Test
    public void crashAfterApplyingIsRolledBackAtStart() throws Exception {
        crashAtThenRecover("APPLIED", "APPLIED");
        assertEquals(List.of("install greeter/1.1.0", "install greeter/1.0.0"), runtime.calls("install"));
    }

    @Test
    public void crashWhileVerifyingIsRolledBackAtStart() throws Exception {
        crashAtThenRecover("VERIFYING", "VERIFYING");
        assertEquals("the old release is verified too", "verify greeter/1.0.0",
                runtime.calls("verify").get(runtime.calls("verify").size() - 1));
    }

    @Test
    public void crashAfterVerifyingButBeforeCommitIsRolledBackAtStart() throws Exception {
        crashAtThenRecover("VERIFIED", "VERIFYING");
    }

    @Test
    public void recoveryHasACheckpointOfItsOwnSoThatAHaltAtRollingBackDoesNotLoop() throws Exception {
        runtime.haltAt = "ROLLING_BACK";
        runtime.installFailures.put("greeter/1.1.0", new Exception("boom"));
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        ReleaseEngine restarted = restart();
        runtime.haltAt = "ROLLING_BACK"; // still set at the next start
        assertEquals(Outcome.ROLLED_BACK, restarted.recover().orElseThrow().outcome());
        assertEquals("checkpoint RECOVERING", runtime.calls("checkpoint").get(runtime.calls("checkpoint").size() - 1));
    }

    @Test
    public void crashWhileRollingBackIsRolledBackAtStart() throws Exception {
        assertEquals(Outcome.COMMITTED, upgrade("1.1.0").outcome());
        List<String> before = runtime.snapshot();
        runtime.installFailures.put("greeter/1.2.0", new Exception("boom"));
        runtime.haltAt = "ROLLING_BACK";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.2.0"));
        runtime.installFailures.clear();

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertTrue(recovery.cause(), recovery.cause().startsWith("JVM stopped during ROLLING_BACK of greeter 1.1.0 -> "
                + "1.2.0 (journal "));
        assertEquals(Outcome.ROLLED_BACK, recovery.outcome());
        assertEquals(before, runtime.snapshot());
    }

    @Test
    public void crashDuringRecoveryIsRecoveredAtTheNextStart() throws Exception {
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        ReleaseEngine second = restart();
        runtime.haltAt = "RECOVERING";
        assertThrows(FixtureRuntime.Halt.class, second::recover);

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertTrue(recovery.cause(), recovery.cause().startsWith("JVM stopped during ROLLING_BACK of greeter 1.0.0 -> "));
        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
    }

    @Test
    public void recoveryThatCannotBringTheOldReleaseBackSaysSo() throws Exception {
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        runtime.verifyProblems.put("greeter/1.0.0", List.of("bundle org.slipway.example.greeter.web is not ACTIVE"));

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertEquals(Outcome.ROLLBACK_FAILED, recovery.outcome());
        assertTrue(recovery.cause(), recovery.cause().endsWith("; going back to 1.0.0 failed: greeter 1.0.0 is not "
                + "healthy within 30 s: bundle org.slipway.example.greeter.web is not ACTIVE"));
        assertEquals(Optional.empty(), journal.pending());
    }

    @Test
    public void nothingToRecoverWithoutAnInterruptedChange() throws Exception {
        assertEquals(Optional.empty(), engine.recover());
        upgrade("1.1.0");
        runtime.calls.clear();
        assertEquals(Optional.empty(), restart().recover());
        assertEquals(List.of(), runtime.calls);
    }

    @Test
    public void changeThatEndedBeforeCurrentWasClearedIsOnlyTidiedUp() throws Exception {
        String id = journal.newId(Instant.parse("2026-11-26T07:00:00Z"), "greeter");
        JournalRecord applying = new JournalRecord(id, Instant.parse("2026-11-26T07:00:00Z"),
                HistoryEntry.Action.UPGRADE, "greeter", "0.9.0", "1.0.0", JournalState.APPLYING, null, Map.of());
        journal.begin(applying);
        journal.append(applying.next(JournalState.COMMITTED, Instant.parse("2026-11-26T07:00:01Z"), null));

        assertEquals(Optional.empty(), engine.recover());

        assertEquals(List.of(), runtime.calls);
        assertEquals(Optional.empty(), journal.pending());
        List<HistoryEntry> history = journal.history("greeter");
        assertEquals(1, history.size());
        assertEquals(List.of(id, Outcome.COMMITTED), List.of(history.get(0).id(), history.get(0).outcome()));
    }

    @Test
    public void newChangesWaitUntilAnInterruptedChangeIsRecovered() throws Exception {
        runtime.haltAt = "APPLIED";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        ReleaseEngine restarted = restart();
        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class,
                () -> restarted.upgrade(UpgradeRequest.of("greeter", "1.2.0")));
        assertTrue(e.getMessage(), e.getMessage().contains("Change greeter 1.0.0 -> 1.1.0 (journal "));
        assertTrue(e.getMessage(), e.getMessage().contains("is still in flight"));
        restarted.recover();
        assertEquals(Outcome.COMMITTED, restarted.upgrade(UpgradeRequest.of("greeter", "1.1.0")).outcome());
    }

    @Test
    public void firstInstallThatKarafDidNotRecordBeforeTheStopIsCompletedThenRemoved() throws Exception {
        runtime.uninstall("greeter", "1.0.0");
        runtime.calls.clear();
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        runtime.forgetFeature("greeter"); // its bundles run, the features service does not know the feature

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertEquals(Outcome.ROLLED_BACK, recovery.outcome());
        assertTrue(runtime.installedVersion("greeter").isEmpty());
        assertTrue(runtime.snapshot().toString(), runtime.snapshot().stream().noneMatch(l -> l.contains("greeter")));
    }
}
