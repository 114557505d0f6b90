package org.slipway.core.internal.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.slipway.api.HistoryEntry;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/** One installed bundle upgraded in place from a jar: the same checks, journal, verification and rollback. */
public class BundleUpgradeTest extends EngineTestSupport {

    private static final String IMPL = "org.slipway.example.greeter.impl";
    private static final String API = "org.slipway.example.greeter.api";

    @Test
    public void compatibleJarIsUpdatedInPlaceVerifiedAndCommitted() throws Exception {
        runningOneOneZero();
        long id = runtime.installedBundle(IMPL + "/1.1.0").id();

        UpgradeResult result = upgradeJar(IMPL + "/1.2.0");

        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals(IMPL, result.feature());
        assertEquals(id, runtime.installedBundle(IMPL + "/1.2.0").id());
        assertEquals(List.of("updateBundle " + id + " impl.jar", "verifyBundles " + IMPL + "/1.2.0"),
                runtime.calls.stream().filter(c -> c.startsWith("update") || c.startsWith("verify")).toList());
        HistoryEntry entry = journal.history(IMPL).get(0);
        assertEquals(List.of(HistoryEntry.Action.DEPLOY, "1.1.0", "1.2.0", Outcome.COMMITTED),
                List.of(entry.action(), entry.from(), entry.to(), entry.outcome()));
        assertEquals(Map.of(ChangeTarget.BUNDLE_ID, Long.toString(id), ChangeTarget.BUNDLE_REVISION,
                "kept-" + id + "-1.1.0.jar"), journal.records(entry.id()).get(0).payload());
    }

    @Test
    public void jarBreakingAnImporterIsRefusedAndChangesNothing() throws Exception {
        List<String> before = runtime.snapshot();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> upgradeJar(API + "/2.0.0"));

        assertTrue(refused.getMessage(), refused.getMessage().contains("imports " + API + " [1.0,2), but the upgrade offers 2.0.0"));
        assertEquals(2, refused.getViolations().size());
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("update"));
    }

    @Test
    public void jarWhoseOwnImportsNothingExportsIsRefused() throws Exception {
        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> upgradeJar(IMPL + "/1.1.0")); // imports api [1.1,1.2); 1.0.0 is installed

        assertTrue(refused.getMessage(), refused.getMessage().contains(
                "Bundle " + IMPL + " 1.1.0 imports " + API + " [1.1,1.2), which no installed bundle exports"));
    }

    @Test
    public void sameVersionIsNoChangesAndLowerIsRefused() throws Exception {
        runningOneOneZero();

        assertEquals(Outcome.NO_CHANGES, upgradeJar(IMPL + "/1.1.0").outcome());
        UpgradeRefusedException lower = assertThrows(UpgradeRefusedException.class, () -> upgradeJar(IMPL + "/1.0.0"));
        assertTrue(lower.getMessage(), lower.getMessage().contains(
                "Bundle " + IMPL + " 1.0.0 is older than the installed 1.1.0: a bundle jar only upgrades"));
    }

    @Test
    public void jarOfABundleThatIsNotInstalledIsRefused() throws Exception {
        engine.upgrade(org.slipway.api.UpgradeRequest.of("greeter", "1.1.0"));
        runtime.uninstall("greeter", "1.1.0");

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class, () -> upgradeJar(IMPL + "/1.2.0"));

        assertTrue(refused.getMessage(), refused.getMessage().contains("No bundle " + IMPL + " is installed"));
    }

    @Test
    public void unhealthyJarIsRolledBackToTheRevisionThatRan() throws Exception {
        runningOneOneZero();
        long id = runtime.installedBundle(IMPL + "/1.1.0").id();
        runtime.verifyProblems.put(IMPL + "/1.2.0", List.of("component failed to activate"));

        UpgradeFailedException failed = assertThrows(UpgradeFailedException.class, () -> upgradeJar(IMPL + "/1.2.0"));

        assertEquals(Outcome.ROLLED_BACK, failed.getResult().outcome());
        assertTrue(failed.getMessage(), failed.getResult().summary().endsWith(IMPL + " 1.1.0 is running."));
        assertEquals(List.of("updateBundle " + id + " impl.jar", "updateBundle " + id + " kept-" + id + "-1.1.0.jar"),
                runtime.calls("update"));
        assertEquals(id, runtime.installedBundle(IMPL + "/1.1.0").id());
    }

    @Test
    public void crashDuringABundleUpgradeIsRecoveredToTheRevisionThatRan() throws Exception {
        runningOneOneZero();
        long id = runtime.installedBundle(IMPL + "/1.1.0").id();
        runtime.haltAt = "VERIFYING";
        assertThrows(FixtureRuntime.Halt.class, () -> upgradeJar(IMPL + "/1.2.0"));

        HistoryEntry recovery = restart().recover().orElseThrow();

        assertEquals(List.of(HistoryEntry.Action.RECOVERY, IMPL, Outcome.ROLLED_BACK),
                List.of(recovery.action(), recovery.feature(), recovery.outcome()));
        assertEquals("updateBundle " + id + " kept-" + id + "-1.1.0.jar", runtime.calls("update").get(1));
        assertEquals(id, runtime.installedBundle(IMPL + "/1.1.0").id());
    }

    @Test
    public void aSecondHotfixThatFailsGoesBackToTheFirstNotToTheBundleFirstInstalled() throws Exception {
        runningOneOneZero();
        long id = runtime.installedBundle(IMPL + "/1.1.0").id();
        assertEquals(Outcome.COMMITTED, upgradeJar(IMPL + "/1.2.0").outcome());
        BundleInfo first = runtime.described(IMPL + "/1.2.0");
        BundleInfo second = new BundleInfo(-1, IMPL, "1.2.1", "", first.exportPackage(), first.importPackage(),
                Map.of(), List.of(), false);
        runtime.verifyProblems.put(IMPL + "/1.2.1", List.of("component failed to activate"));
        Path jar = Path.of("hotfix.jar");
        runtime.jars.put(jar, second);

        UpgradeFailedException failed = assertThrows(UpgradeFailedException.class, () -> engine.upgradeBundle(second,
                jar, false, Duration.ofSeconds(5), HistoryEntry.Action.DEPLOY));

        assertEquals(Outcome.ROLLED_BACK, failed.getResult().outcome());
        assertTrue(failed.getMessage(), failed.getResult().summary().endsWith(IMPL + " 1.2.0 is running."));
        assertEquals("updateBundle " + id + " kept-" + id + "-1.2.0.jar", runtime.calls("update").get(2));
        assertEquals(id, runtime.installedBundle(IMPL + "/1.2.0").id());
    }

    @Test
    public void aRevisionThatCannotBeKeptRefusesTheJarAndChangesNothing() throws Exception {
        runningOneOneZero();
        List<String> before = runtime.snapshot();
        runtime.keepFailure = new java.io.IOException("Cannot keep the revision of " + IMPL + " 1.1.0 [7] that runs,"
                + " to go back to it: its location file:/gone.jar holds no readable bundle");

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class, () -> upgradeJar(IMPL + "/1.2.0"));

        assertTrue(refused.getMessage(), refused.getMessage().contains("its location file:/gone.jar holds"));
        assertEquals(before, runtime.snapshot());
        assertEquals(List.of(), runtime.calls("update"));
        assertTrue(journal.history(IMPL).isEmpty() || journal.history(IMPL).get(0).outcome() == Outcome.REFUSED);
    }

    @Test
    public void jarReplacingAPlatformBundleIsRefusedAndChangesNothing() throws Exception {
        List<String> before = runtime.snapshot();
        BundleInfo installed = runtime.installedBundle("org.apache.felix.http.servlet-api/1.2.0");
        BundleInfo jar = new BundleInfo(-1, installed.symbolicName(), "1.3.0", "", installed.exportPackage(), "",
                Map.of(), List.of(), false);
        UpgradeRefusedException e = assertThrows(UpgradeRefusedException.class, () -> engine.upgradeBundle(jar,
                Path.of("servlet.jar"), false, Duration.ofSeconds(5), HistoryEntry.Action.DEPLOY));
        assertEquals("Bundle org.apache.felix.http.servlet-api 1.2.0 [" + installed.id() + "] is part of the platform "
                + "(Felix, Karaf, Slipway or what they depend on): a bundle jar cannot replace it",
                e.getProblems().get(0).message());
        assertEquals(before, runtime.snapshot());
    }

    private UpgradeResult upgradeJar(String key) throws Exception {
        Path jar = Path.of("impl.jar");
        runtime.jars.put(jar, runtime.described(key));
        return engine.upgradeBundle(runtime.described(key), jar, false, Duration.ofSeconds(5),
                HistoryEntry.Action.DEPLOY);
    }
}
