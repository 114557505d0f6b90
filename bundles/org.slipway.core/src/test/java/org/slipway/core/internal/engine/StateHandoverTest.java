package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.Test;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/** Calls held for the whole change; the application's state taken, journaled and handed over (or back). */
public class StateHandoverTest extends EngineTestSupport {

    @Test
    public void stateIsTakenWithCallsHeldAndHandedToTheNewReleaseBeforeCallsGoOn() throws Exception {
        runtime.appState = "Ada=57";

        assertEquals(Outcome.COMMITTED, upgrade("1.1.0").outcome());

        assertEquals("Ada=57", runtime.appState);
        assertEquals(List.of("hold", "snapshotState", "install greeter/1.1.0", "verify greeter/1.1.0",
                "handOver 1.1.0 [1.0.0:Ada=57]", "release"), steps());
        JournalRecord begin = journal.records(last().id()).get(0);
        assertEquals("1.0.0:Ada=57", begin.payload().get(Executor.STATE + "app"));
    }

    @Test
    public void aSnapshotThatFailsRefusesTheChangeWithNothingChanged() throws Exception {
        runtime.appState = "Ada=57";
        List<String> before = runtime.snapshot();
        runtime.snapshotFailure = new IllegalStateException("Bundle org.slipway.example.greeter.impl 1.0.0 [12] failed "
                + "in snapshot() of state \"greeter.counts\": java.lang.IllegalStateException: busy");

        UpgradeRefusedException e = refused(UpgradeRequest.of("greeter", "1.1.0"));

        assertEquals("Refused greeter 1.1.0: The application's state cannot be taken: Bundle org.slipway.example."
                + "greeter.impl 1.0.0 [12] failed in snapshot() of state \"greeter.counts\": java.lang."
                + "IllegalStateException: busy. Nothing was changed.", e.getMessage());
        assertEquals(before, runtime.snapshot());
        assertEquals("Ada=57", runtime.appState);
        assertEquals(List.of("hold", "snapshotState", "release"), steps());
        assertEquals(0, journalFiles());
    }

    @Test
    public void aRestoreThatFailsRollsBackAndTheOldReleaseGetsItsOwnStateBack() throws Exception {
        runtime.appState = "Ada=57";
        runtime.restoreProblems.put("1.1.0", "Bundle org.slipway.example.greeter.impl 1.1.0 [12] failed in restore()");

        UpgradeResult result = failed(UpgradeRequest.of("greeter", "1.1.0"));

        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertTrue(result.cause(), result.cause().endsWith("failed in restore()"));
        assertEquals("Ada=57", runtime.appState);
        assertEquals(List.of("hold", "snapshotState", "install greeter/1.1.0", "verify greeter/1.1.0",
                "handOver 1.1.0 [1.0.0:Ada=57]", "install greeter/1.0.0", "verify greeter/1.0.0",
                "handOver 1.0.0 [1.0.0:Ada=57]", "release"), steps());
    }

    @Test
    public void featureRollbackCarriesTheStateBackToTheOlderRelease() throws Exception {
        runtime.appState = "Ada=57";
        upgrade("1.1.0");
        runtime.appState = "Ada=60";

        engine.rollback(RollbackRequest.previous("greeter"));

        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
        assertEquals("Ada=60", runtime.appState);
    }

    @Test
    public void aCrashBetweenSnapshotAndRestoreLosesNoState() throws Exception {
        runtime.appState = "Ada=57";
        runtime.haltAt = "APPLIED";
        assertThrows(FixtureRuntime.Halt.class, () -> upgrade("1.1.0"));
        runtime.appState = null; // the JVM stopped: memory is gone

        restart().recover().orElseThrow();

        assertEquals(Optional.of("1.0.0"), runtime.installedVersion("greeter"));
        assertEquals("Ada=57", runtime.appState);
        assertEquals("handOver 1.0.0 [1.0.0:Ada=57]", runtime.calls("handOver").get(0));
    }

    private List<String> steps() {
        return runtime.calls.stream().filter(c -> !c.startsWith("checkpoint") && !c.startsWith("resolve")
                && !c.startsWith("capture")).toList();
    }

    private org.slipway.api.HistoryEntry last() {
        List<org.slipway.api.HistoryEntry> history = journal.history(null);
        return history.get(history.size() - 1);
    }
}
