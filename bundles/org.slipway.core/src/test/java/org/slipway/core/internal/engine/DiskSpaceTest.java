package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.util.List;

import org.junit.Test;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/** The disk under the journal: a minimum free before a change, and a reserve released for a rollback. */
public class DiskSpaceTest extends EngineTestSupport {

    @Test
    public void aChangeOnADiskWithoutTheMinimumFreeIsRefusedAndNothingChanges() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        engine = new ReleaseEngine(runtime, journal, new TickingClock(), Long.MAX_VALUE / 2, 0);

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertTrue(refused.getMessage(), refused.getMessage().matches("(?s).*slipway has [0-9.]+ MB free on .*; a "
                + "change needs at least [0-9.]+ MB \\(the journal, new bundle revisions\\): free some space and try "
                + "again.*"));
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("install"));
    }

    @Test
    public void theReserveIsKeptAndReleasedWhenAChangeFindsTheDiskFullSoThatGoingBackHasRoom() throws Exception {
        engine = new ReleaseEngine(runtime, journal, new TickingClock(), 0, DiskSpace.MIB);
        engine.recover();
        assertEquals("taken at start", DiskSpace.MIB, Files.size(directory.resolve("reserve")));
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        runtime.installFailures.put("greeter/1.2.0", new IllegalStateException("Cannot update bundle 42",
                new FileSystemException("data/cache/bundle42/version0.3/bundle.jar: No space left on device")));
        runtime.duringInstall = () -> {
            if (runtime.calls("install").size() == 2) { // going back: the reserve is free by then
                assertFalse(Files.exists(directory.resolve("reserve")));
            }
        };

        UpgradeFailedException failed = assertThrows(UpgradeFailedException.class,
                () -> engine.upgrade(UpgradeRequest.of("greeter", "1.2.0")));

        UpgradeResult result = failed.getResult();
        assertEquals(Outcome.ROLLED_BACK, result.outcome());
        assertTrue(result.cause(), result.cause().endsWith("No space left on device); the disk filled during the "
                + "change: Slipway released its reserve (1.0 MB) to go back"));
        assertEquals(before, runtime.snapshot());
        assertTrue("taken again once the change ended", Files.exists(directory.resolve("reserve")));
    }

    @Test
    public void aJournalThatCannotBeWrittenRefusesTheChangeBeforeAnythingChanges() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        deleteTree(directory.resolve("journal"));
        Files.writeString(directory.resolve("journal"), "a file where the journal's folder should be");

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class, () -> upgrade("1.2.0"));

        assertTrue(refused.getMessage(), refused.getMessage().contains("Cannot write the Slipway journal at " + directory));
        assertTrue(refused.getMessage(), refused.getMessage().contains("nothing was changed"));
        assertEquals(before, runtime.snapshot());
    }

    @Test
    public void aFullDiskOrAReadOnlyFileSystemIsToldFromAnyCause() {
        assertTrue(DiskSpace.isDiskFull(new RuntimeException("x", new IOException("No space left on device"))));
        assertTrue(DiskSpace.isDiskFull(new FileSystemException("/data/x: Read-only file system")));
        assertFalse(DiskSpace.isDiskFull(new IOException("Permission denied")));
    }

    private static void deleteTree(java.nio.file.Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
