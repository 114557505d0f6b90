package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.HistoryEntry;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;

/**
 * An engine over the {@code all-releases} scenario (greeter 1.0.0 installed; 1.1.0, 1.2.0 and 2.0.0 known),
 * a journal in a temporary folder and a ticking clock.
 */
public abstract class EngineTestSupport {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    FixtureRuntime runtime;
    Path directory;
    Journal journal;
    ReleaseEngine engine;

    @Before
    public void setUpEngine() throws IOException {
        runtime = FixtureRuntime.load("all-releases");
        directory = folder.newFolder("slipway").toPath();
        journal = new Journal(directory);
        engine = new ReleaseEngine(runtime, journal, new TickingClock());
    }

    /** A new engine on the same runtime and journal, as after a restart of the JVM. */
    ReleaseEngine restart() {
        runtime.haltAt = null;
        return new ReleaseEngine(runtime, new Journal(directory), new TickingClock());
    }

    UpgradeResult upgrade(String version) throws Exception {
        return engine.upgrade(UpgradeRequest.of("greeter", version));
    }

    /** Upgrades through the engine to 1.1.0, then forgets the calls that made it. */
    void runningOneOneZero() throws Exception {
        assertEquals(UpgradeResult.Outcome.COMMITTED, upgrade("1.1.0").outcome());
        runtime.calls.clear();
    }

    UpgradeRefusedException refused(UpgradeRequest request) throws Exception {
        try {
            engine.upgrade(request);
        } catch (UpgradeRefusedException e) {
            return e;
        }
        throw new AssertionError("not refused: " + request);
    }

    UpgradeResult failed(UpgradeRequest request) throws Exception {
        try {
            engine.upgrade(request);
        } catch (UpgradeFailedException e) {
            return e.getResult();
        }
        throw new AssertionError("did not fail: " + request);
    }

    /** @return the journal states of the change that ended last, in order */
    List<JournalState> lastChangeStates() {
        List<HistoryEntry> history = journal.history(null);
        if (history.isEmpty()) {
            fail("no change has ended");
        }
        return journal.records(history.get(history.size() - 1).id()).stream().map(JournalRecord::state).toList();
    }

    long journalFiles() throws IOException {
        if (!Files.exists(directory.resolve("journal"))) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory.resolve("journal"))) {
            return files.count();
        }
    }
}
