package org.slipway.core.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ConfigurationChoice;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployResult;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.core.internal.archive.ArchiveFixtures;
import org.slipway.core.internal.archive.ArchiveInspector;
import org.slipway.core.internal.archive.ArchiveLimits;
import org.slipway.core.internal.archive.SignaturePolicy;
import org.slipway.core.internal.engine.ConfigurationSides;
import org.slipway.core.internal.engine.FixtureRuntime;
import org.slipway.core.internal.engine.Journal;
import org.slipway.core.internal.engine.ReleaseEngine;

/**
 * The deployer in plain Java: a real inspector and engine over the {@code all-releases} fixture (greeter
 * 1.0.0 installed), a {@code system/} folder and a repository list of its own. What a deploy adds stays
 * only when the upgrade commits.
 */
public class DeployerTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private FixtureRuntime runtime;
    private ReleaseEngine engine;
    private FakeRepositories repositories;
    private Path incoming;

    @Before
    public void deployer() throws IOException {
        runtime = FixtureRuntime.load("all-releases");
        engine = new ReleaseEngine(runtime, new Journal(temp.newFolder("journal").toPath()), Clock.systemUTC());
        repositories = new FakeRepositories(temp.newFolder("system").toPath());
        incoming = temp.getRoot().toPath().resolve("data/incoming");
    }

    @Test
    public void archiveUpgradesTheInstalledFeatureAndItsFilesStay() throws Exception {
        DeployResult result = deploy(archive("greeter-1.1.0.kar"), 100_000, false, false);

        assertEquals(List.of(Outcome.COMMITTED), result.results().stream().map(r -> r.outcome()).toList());
        assertEquals("greeter-tools is not installed: skipped", 1, result.results().size());
        assertEquals(Set.of(ArchiveFixtures.FEATURES_URL), repositories.known);
        assertEquals("the plan names the repository it adds", ArchiveFixtures.FEATURES_URL, result.repository());
        assertEquals(Set.of(ArchiveFixtures.FEATURES, ArchiveFixtures.API, ArchiveFixtures.IMPL), systemFiles());
        assertEquals(List.of(), staged());
        HistoryEntry last = last();
        assertEquals(List.of(HistoryEntry.Action.DEPLOY, "1.0.0", "1.1.0", Outcome.COMMITTED),
                List.of(last.action(), last.from(), last.to(), last.outcome()));

        DeployResult again = deploy(archive("greeter-1.1.0.kar"), 100_000, false, false);

        assertTrue(again.isNoChange());
        assertEquals("No changes.", again.summary());
        assertEquals(Outcome.NO_CHANGES, last().outcome());
    }

    /** A key both the operator and the archive's release changed refuses the deploy, unless the request decides. */
    @Test
    public void aConfigurationConflictRefusesTheDeployUnlessTheRequestChooses() throws Exception {
        runtime.sides.put("greeter/1.1.0", List.of(new ConfigurationSides("org.example.greeter", "greeter/1.1.0",
                ConfigurationSides.Mode.MERGE, Map.of("greeting", "Hello"), Map.of("greeting", "Howdy"),
                Map.of("greeting", "Hi"))));
        Path archive = archive("greeter-1.1.0.kar");

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class, () -> deploy(archive, 100_000,
                false, false));

        assertTrue(refused.getMessage(), refused.getMessage().contains("key greeting: the operator changed it to \"Hi\""));
        assertEquals(Set.of(), repositories.known);
        DeployResult theirs = deployer(100_000).deploy(new DeployRequest(archive.toString(), false, false,
                Duration.ofSeconds(5)).withConfiguration(ConfigurationChoice.THEIRS));
        assertEquals(Outcome.COMMITTED, theirs.outcome());
        assertEquals(List.of("write org.example.greeter: set {greeting=Howdy} remove []"), runtime.calls("write"));
    }

    @Test
    public void unsealedArchiveDeploysWithItsWarningInEveryPlanAndASealedOneWithout() throws Exception {
        Path plain = ArchiveFixtures.release().withoutChecksums().write(temp.getRoot().toPath()
                .resolve("greeter-1.1.0.kar"));

        DeployResult result = deploy(plain, 100_000, false, false);

        assertEquals(Outcome.COMMITTED, result.outcome());
        assertEquals(List.of(Problem.warning("Archive greeter-1.1.0.kar is not sealed (no "
                + ArchiveFixtures.CHECKSUMS + "): its integrity rests on zip CRCs only; seal it with the"
                + " slipway-maven-plugin's archive goal, or: bin/slipway seal greeter-1.1.0.kar")),
                result.results().get(0).plan().warnings());
        assertEquals(Set.of(ArchiveFixtures.FEATURES, ArchiveFixtures.API, ArchiveFixtures.IMPL), systemFiles());

        DeployResult again = deploy(plain, 100_000, false, false);

        assertTrue(again.isNoChange());
        assertEquals("the same unsealed archive again still says so", 1,
                again.results().get(0).plan().warnings().size());
        assertEquals(List.of(), deploy(archive("greeter-1.1.0.kar"), 100_000, false, false).results().get(0)
                .plan().warnings());
    }

    @Test
    public void simulatedDeployLeavesNothingBehind() throws Exception {
        List<String> before = runtime.snapshot();

        DeployResult result = deploy(archive("greeter-1.1.0.kar"), 100_000, true, false);

        assertEquals(Outcome.SIMULATED, result.results().get(0).outcome());
        assertEquals(before, runtime.snapshot());
        assertEquals(Set.of(), repositories.known);
        assertEquals(Set.of(), systemFiles());
    }

    @Test
    public void refusedUpgradeRemovesWhatTheArchiveAddedOnly() throws Exception {
        deploy(archive("greeter-1.1.0.kar"), 100_000, false, false);
        String features = "repository/org/slipway/example/greeter/2.0.0/greeter-2.0.0-features.xml";
        Path archive = ArchiveFixtures.release().remove(ArchiveFixtures.FEATURES).put(features, ArchiveFixtures
                .featuresXml(ArchiveFixtures.API_URL, ArchiveFixtures.IMPL_URL).replace("1.1.0\"", "2.0.0\""))
                .write(temp.getRoot().toPath().resolve("greeter-2.0.0.kar"));
        List<String> before = runtime.snapshot();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> deploy(archive, 100_000, false, false));

        assertTrue(refused.getMessage(), refused.getMessage().contains("imports org.slipway.example.greeter.api "
                + "[1.1,2), but the upgrade offers 2.0.0"));
        assertEquals(before, runtime.snapshot());
        assertEquals(Set.of(ArchiveFixtures.FEATURES_URL), repositories.known);
        assertEquals(List.of("mvn:org.slipway.example/greeter/2.0.0/xml/features"), repositories.removed);
        assertEquals("the bundles it shares with 1.1.0 stay, its own features XML goes",
                Set.of(ArchiveFixtures.FEATURES, ArchiveFixtures.API, ArchiveFixtures.IMPL), systemFiles());
        assertEquals(List.of("greeter", "2.0.0", Outcome.REFUSED), List.of(last().feature(), last().to(), last().outcome()));
    }

    @Test
    public void archiveIsAllOrNothingAFeatureRefusedAfterAnotherCommittedTakesTheFirstBack() throws Exception {
        List<String> before = runtime.snapshot().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> deploy(archive("greeter-1.1.0.kar"), 100_000, false, true));

        assertEquals("greeter-tools", refused.getFeature());
        assertEquals("the archive's greeter 1.1.0, committed before, went back (all or nothing)",
                refused.getProblems().get(refused.getProblems().size() - 1).message());
        assertEquals(before, runtime.snapshot().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        assertEquals(java.util.Optional.of("1.0.0"), engine.installedVersion("greeter"));
        assertEquals("nothing of it runs: its files and repository are removed", Set.of(), systemFiles());
        assertEquals(Set.of(), repositories.known);
    }

    @Test
    public void aFeatureWhoseStateFailsAfterItCommittedStillGoesBackWhenALaterFeatureIsRefused() throws Exception {
        List<String> before = runtime.snapshot().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        runtime.snapshotFailure = new org.slipway.core.internal.engine.StateUnavailableException(
                "Bundle bad 1.1.0 [9] failed in snapshot() of state \"bad\"", java.util.Map.of());
        runtime.snapshotFailureFrom = 2; // greeter's upgrade takes its state; from then on the state fails

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> deploy(archive("greeter-1.1.0.kar"), 100_000, false, true));

        assertEquals("the archive's greeter 1.1.0, committed before, went back (all or nothing)",
                refused.getProblems().get(refused.getProblems().size() - 1).message());
        assertEquals(before, runtime.snapshot().stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList());
        assertEquals(java.util.Optional.of("1.0.0"), engine.installedVersion("greeter"));
        assertEquals(Set.of(), systemFiles());
        assertEquals(Set.of(), repositories.known);
    }

    @Test
    public void archiveWithNoFeatureIsRejectedNamingItAndIsInTheHistory() throws Exception {
        Path archive = ArchiveFixtures.release().put(ArchiveFixtures.FEATURES,
                "<features name=\"empty\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"/>")
                .write(temp.getRoot().toPath().resolve("empty.kar"));

        ArchiveRejectedException rejected = assertThrows(ArchiveRejectedException.class,
                () -> deploy(archive, 100_000, false, false));

        assertEquals(ArchiveRejectedException.Reason.INVALID_FEATURES, rejected.getReason());
        assertTrue(rejected.getMessage(), rejected.getMessage().contains(
                "empty.kar carries no feature: its features XML defines none"));
        assertEquals(Outcome.REFUSED, last().outcome());
        assertEquals(Set.of(), systemFiles());
    }

    @Test
    public void stagedCopiesAStopLeftBehindAreRemovedAtStart() throws Exception {
        Files.createDirectories(incoming);
        Path leftover = Files.writeString(incoming.resolve("deploy-123.staged"), "half an archive");
        Path other = Files.writeString(incoming.resolve("README"), "not ours");

        Optional<String> done = deployer(100_000).recoverInterrupted();

        assertEquals(Optional.of("Removed 1 staged copies a stop left behind"), done);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(other));
    }

    @Test
    public void failedUpgradeIsRolledBackAndItsFilesRemoved() throws Exception {
        runtime.verifyProblems.put("greeter/1.1.0", List.of("component failed to activate"));

        UpgradeFailedException failed = assertThrows(UpgradeFailedException.class,
                () -> deploy(archive("greeter-1.1.0.kar"), 100_000, false, false));

        assertEquals(Outcome.ROLLED_BACK, failed.getResult().outcome());
        assertEquals(Set.of(), systemFiles());
        assertEquals(Set.of(), repositories.known);
    }

    @Test
    public void archiveOfFeaturesNotInstalledIsRefusedUnlessInstallIsAsked() throws Exception {
        Path archive = ArchiveFixtures.release().put(ArchiveFixtures.FEATURES, ArchiveFixtures.featuresXml(
                ArchiveFixtures.API_URL, ArchiveFixtures.IMPL_URL).replace("name=\"greeter\"", "name=\"farewell\""))
                .write(temp.getRoot().toPath().resolve("farewell.kar"));

        UpgradeRefusedException refused = assertThrows(UpgradeRefusedException.class,
                () -> deploy(archive, 100_000, false, false));

        assertTrue(refused.getMessage(), refused.getMessage().contains("None of the features \"farewell\", "
                + "\"greeter-tools\" is installed, and farewell.kar would install it"));
        assertTrue(refused.getMessage(), refused.getMessage().contains("use --install to install farewell 1.1.0, "
                + "greeter-tools 0.0.0"));
        assertEquals("refused before extraction", Set.of(), systemFiles());
        assertEquals(Set.of(), repositories.known);
    }

    @Test
    public void rejectedArchiveIsRecordedUnderItsNameAndNotStagedAnyMore() throws Exception {
        Path junk = Files.writeString(temp.getRoot().toPath().resolve("junk.kar"), "junk");

        ArchiveRejectedException rejected = assertThrows(ArchiveRejectedException.class,
                () -> deploy(junk, 100_000, false, false));

        assertEquals(ArchiveRejectedException.Reason.NOT_A_ZIP, rejected.getReason());
        assertEquals(List.of("junk.kar", Outcome.REFUSED), List.of(last().feature(), last().outcome()));
        assertEquals(List.of(), staged());
    }

    @Test
    public void archiveOverTheLimitIsRejectedWhileItIsStaged() throws Exception {
        ArchiveRejectedException rejected = assertThrows(ArchiveRejectedException.class,
                () -> deploy(archive("greeter-1.1.0.kar"), 100, false, false));

        assertEquals(ArchiveRejectedException.Reason.TOO_LARGE, rejected.getReason());
        assertTrue(rejected.getMessage(), rejected.getMessage().contains("is over the limit of 100 bytes"));
        assertEquals(List.of(), staged());
    }

    @Test
    public void aDeployAStopInterruptedIsRemovedAtStartUnlessItsReleaseRuns() throws Exception {
        Path file = Files.createDirectories(repositories.system.resolve("org/x/1.0")).resolve("x-1.0.jar");
        Files.writeString(file, "x");
        repositories.add("mvn:org.x/x/1.0/xml/features");
        Path pending = incoming.resolveSibling("deploy-pending");
        new PendingDeploy("mvn:org.x/x/1.0/xml/features", List.of("greeter 1.1.0"), List.of(file)).write(pending);

        Optional<String> recovered = deployer(100_000).recoverInterrupted();

        assertEquals(Optional.of("Removed the deploy of greeter 1.1.0 that a stop interrupted (1 files in system/, "
                + "repository mvn:org.x/x/1.0/xml/features)"), recovered);
        assertEquals(Set.of(), systemFiles());
        assertEquals(Set.of(), repositories.known);
        assertEquals(Optional.empty(), deployer(100_000).recoverInterrupted());

        new PendingDeploy(null, List.of("greeter 1.0.0"), List.of(Files.writeString(Files.createDirectories(file.getParent()).resolve("y.jar"), "y")))
                .write(pending);
        assertTrue(deployer(100_000).recoverInterrupted().orElseThrow().startsWith("Kept the deploy of greeter 1.0.0"));
        assertEquals("greeter 1.0.0 runs: the deploy committed", 1, systemFiles().size());
    }

    @Test
    public void aStopInTheMiddleOfATwoFeatureDeployTakesBackTheFeatureThatCommittedAtTheNextStart() throws Exception {
        engine.upgrade(org.slipway.api.UpgradeRequest.of("greeter", "1.1.0"), HistoryEntry.Action.DEPLOY);
        Path file = Files.writeString(Files.createDirectories(repositories.system.resolve("org/x/1.0"))
                .resolve("x-1.0.jar"), "x");
        // greeter went 1.0.0 -> 1.1.0 and committed; the JVM stopped before "other" (not installed) committed
        new PendingDeploy(null, List.of("greeter 1.1.0 1.0.0", "other 1.0.0 -"), List.of(file))
                .write(incoming.resolveSibling("deploy-pending"));

        Optional<String> recovered = deployer(100_000).recoverInterrupted();

        assertEquals(Optional.of("Removed the deploy of greeter 1.1.0, other 1.0.0 that a stop interrupted (1 files in"
                + " system/); greeter 1.1.0 went back (all or nothing)"), recovered);
        assertEquals(Optional.of("1.0.0"), engine.installedVersion("greeter"));
        assertEquals(List.of(HistoryEntry.Action.ROLLBACK, "1.1.0", "1.0.0", Outcome.COMMITTED),
                List.of(last().action(), last().from(), last().to(), last().outcome()));
        assertEquals(Set.of(), systemFiles());
        assertEquals("done once", Optional.empty(), deployer(100_000).recoverInterrupted());
    }

    @Test
    public void aFeatureTheInterruptedDeployInstalledIsUninstalledAtTheNextStart() throws Exception {
        engine.upgrade(org.slipway.api.UpgradeRequest.of("greeter", "1.1.0"), HistoryEntry.Action.DEPLOY);
        new PendingDeploy(null, List.of("greeter 1.1.0 -", "other 1.0.0 -"), List.of())
                .write(incoming.resolveSibling("deploy-pending"));

        Optional<String> recovered = deployer(100_000).recoverInterrupted();

        assertTrue(recovered.toString(), recovered.orElseThrow().endsWith("; greeter 1.1.0 went back (all or nothing)"));
        assertEquals(Optional.empty(), engine.installedVersion("greeter"));
        assertTrue(runtime.calls("uninstall").toString(), runtime.calls("uninstall").contains("uninstall greeter/1.1.0"));
    }

    @Test
    public void aStopDuringExtractionLeavesNothingAtTheNextStart() throws Exception {
        Path folder = Files.createDirectories(repositories.system.resolve("org/x/1.0"));
        Path written = Files.writeString(folder.resolve("x-1.0.jar"), "x");
        Path partial = Files.writeString(folder.resolve(".y-1.0.jar.0f1e2d3c.part"), "half of y");
        Path notYet = folder.resolve("y-1.0.jar");
        // what the deploy records before extracting: every file it is about to write
        new PendingDeploy(null, List.of("greeter 1.1.0"), List.of(written, notYet))
                .write(incoming.resolveSibling("deploy-pending"));

        Optional<String> recovered = deployer(100_000).recoverInterrupted();

        assertTrue(recovered.toString(), recovered.orElseThrow().startsWith("Removed the deploy of greeter 1.1.0"));
        assertFalse(Files.exists(written));
        assertFalse("the file being written when the JVM stopped", Files.exists(partial));
        assertEquals(Set.of(), systemFiles());
    }

    private Deployer deployer(long maxBytes) {
        ArchiveInspector inspector = new ArchiveInspector(ArchiveLimits.DEFAULTS, SignaturePolicy.optional(),
                ArchiveFixtures.KARAF_XSDS);
        return new Deployer(engine, inspector, repositories, incoming, maxBytes);
    }

    private DeployResult deploy(Path archive, long maxBytes, boolean simulate, boolean install) throws Exception {
        return deployer(maxBytes).deploy(new DeployRequest(archive.toString(), simulate, install, Duration.ofSeconds(5)));
    }

    private Path archive(String name) throws IOException {
        return ArchiveFixtures.release().write(temp.getRoot().toPath().resolve(name));
    }

    private HistoryEntry last() {
        List<HistoryEntry> history = engine.history(null);
        return history.get(history.size() - 1);
    }

    private Set<String> systemFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(repositories.system)) {
            Set<String> files = new HashSet<>();
            walk.filter(p -> !p.equals(repositories.system))
                    .forEach(p -> files.add("repository/" + repositories.system.relativize(p).toString().replace('\\', '/')
                            + (Files.isDirectory(p) ? "/" : "")));
            files.removeIf(f -> f.endsWith("/") && !f.equals("repository/"));
            return files;
        }
    }

    private List<String> staged() throws IOException {
        if (!Files.exists(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The features service's repository list and Karaf's system/ folder, as plain data. */
    private static final class FakeRepositories implements Repositories {
        final Path system;
        final Set<String> known = new HashSet<>();
        final List<String> removed = new ArrayList<>();

        FakeRepositories(Path system) {
            this.system = system;
        }

        @Override
        public Path system() {
            return system;
        }

        @Override
        public boolean systemHas(String mvnUrl) {
            return false;
        }

        @Override
        public boolean isKnown(String url) {
            return known.contains(url);
        }

        @Override
        public void add(String url) {
            known.add(url);
        }

        @Override
        public void remove(String url) {
            known.remove(url);
            removed.add(url);
        }
    }
}
