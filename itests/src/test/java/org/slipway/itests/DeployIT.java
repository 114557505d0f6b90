package org.slipway.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;

/**
 * release:deploy on the real distribution: greeter 1.3.0 exists only as a release archive (its impl bundle is
 * in no repository of the distribution). Every bad archive is rejected with a message naming it, and leaves
 * system/, the repositories and every bundle exactly as they were.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployIT extends SlipwayTestSupport {


    @Inject
    protected ReleaseService releases;

    @Before
    public void greeterOneOneIsRunningAndNoArchiveIsDeployed() throws Exception {
        greeterOneOneWithoutTheArchive();
    }

    @Test
    public void archiveUpgradesLiveThenTheSameArchiveChangesNothing() throws Exception {
        assertFalse("1.3.0's impl is in no repository before", Files.exists(system().resolve(GREETER_1_3_0_IMPL)));

        String output = executeCommand("release:deploy -v " + Archives.greeter("1.3.0"));

        assertTrue(output, output.contains("Plan for greeter 1.1.0 -> 1.3.0:"));
        assertTrue(output, output.contains("Upgraded greeter 1.1.0 -> 1.3.0 in "));
        waitForGreeter("1.3.0");
        assertTrue(get("/greet?name=Ada").body().startsWith("Good day, Ada!"));
        assertTrue("the archive's bundle is in system/", Files.exists(system().resolve(GREETER_1_3_0_IMPL)));
        HistoryEntry last = last(releases.history("greeter"));
        assertEquals(List.of(HistoryEntry.Action.DEPLOY, "1.1.0", "1.3.0", "COMMITTED"),
                List.of(last.action(), last.from(), last.to(), last.outcome().name()));

        String again = executeCommand("release:deploy " + Archives.greeter("1.3.0").toUri()); // a file: URL

        assertEquals("No changes.", again.strip());
        assertEquals("NO_CHANGES", last(releases.history("greeter")).outcome().name());
    }

    @Test
    public void simulatedDeployShowsThePlanAndLeavesNothingBehind() throws Exception {
        State before = state();

        String output = executeCommand("release:deploy --simulate " + Archives.greeter("1.3.0"));

        assertTrue(output, output.contains("Plan for greeter 1.1.0 -> 1.3.0:"));
        assertTrue(output, output.contains("Simulated greeter 1.1.0 -> 1.3.0: nothing was changed."));
        assertEquals(before, state());
    }

    @Test
    public void failingReleaseIsRolledBackAndItsArchiveRemoved() throws Exception {
        Path broken = Archives.variant(Archives.greeter("1.3.0"), temp("broken-1.3.1.kar"), true, entries -> {
            // 1.3.1 names 1.2.0's impl, which throws in its DS constructor.
            Archives.editFeatures(entries, "version=\"1.3.0\"", "version=\"1.3.1\"");
            Archives.editFeatures(entries, "org.slipway.example.greeter.impl/1.3.0",
                    "org.slipway.example.greeter.impl/1.2.0");
            rename(entries, "greeter/1.3.0/greeter-1.3.0-features.xml", "greeter/1.3.1/greeter-1.3.1-features.xml");
            entries.keySet().removeIf(n -> n.contains("greeter.impl/1.3.0"));
        });
        State before = state();

        try {
            executeCommand("release:deploy " + broken);
            fail("a release that cannot activate must fail");
        } catch (UpgradeFailedException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("greeter 1.1.0 is running"));
        }
        waitForGreeter("1.1.0");
        assertEquals(before, state());
        assertEquals("ROLLED_BACK", last(releases.history("greeter")).outcome().name());
    }

    @Test
    public void archiveForAFeatureNotInstalledIsRefusedUnlessInstallIsAsked() throws Exception {
        features.uninstallFeature("greeter", "1.1.0");
        State before = state();

        String refused = expectRefused("release:deploy " + Archives.greeter("1.3.0"));

        assertTrue(refused, refused.contains("Feature \"greeter\" is not installed"));
        assertTrue(refused, refused.contains("use --install"));
        assertEquals(before, state());

        String output = executeCommand("release:deploy --install " + Archives.greeter("1.3.0"));

        assertTrue(output, output.contains("greeter 1.3.0 is running."));
        waitForGreeter("1.3.0");
    }

    @Test
    public void badArchivesAreRejectedNamingTheInputAndChangeNothing() throws Exception {
        Path good = Archives.greeter("1.3.0");
        String impl = "repository/" + GREETER_1_3_0_IMPL + "/org.slipway.example.greeter.impl-1.3.0.jar";
        State before = state();

        rejected(Files.writeString(temp("notes.kar"), "not an archive"), Reason.NOT_A_ZIP, "is not a zip archive");
        byte[] bytes = Files.readAllBytes(good);
        rejected(Files.write(temp("truncated.kar"), Arrays.copyOf(bytes, bytes.length / 2)), Reason.CORRUPT,
                "truncated");
        rejected(Archives.variant(good, temp("escape.kar"), true, e -> e.put("../../etc/evil.cfg", new byte[1])),
                Reason.UNSAFE_ENTRY, "../../etc/evil.cfg");
        rejected(Archives.variant(good, temp("absolute.kar"), true, e -> e.put("/etc/evil.cfg", new byte[1])),
                Reason.UNSAFE_ENTRY, "/etc/evil.cfg");
        rejected(Archives.variant(good, temp("tampered.kar"), false, e -> e.put(impl, "evil".getBytes())),
                Reason.CHECKSUM_MISMATCH, impl);
        // an archive with no checksum manifest at all is a plain KAR, deployed with a warning: PlainKarIT
        rejected(Archives.variant(good, temp("unlisted.kar"), false, e -> e.put("repository/unlisted.txt",
                new byte[1])), Reason.MISSING_CHECKSUMS, "\"repository/unlisted.txt\" is not listed");
        rejected(Archives.variant(good, temp("invalid-xml.kar"), true,
                e -> Archives.editFeatures(e, "<bundle", "<unknown-element/><bundle")),
                Reason.INVALID_FEATURES, "unknown-element");
        rejected(Archives.variant(good, temp("missing-bundle.kar"), true,
                e -> Archives.editFeatures(e, "org.slipway.example.greeter.impl/1.3.0",
                        "org.slipway.example.greeter.impl/9.9.9")),
                Reason.MISSING_BUNDLE, "mvn:org.slipway.example/org.slipway.example.greeter.impl/9.9.9");

        assertEquals(before, state());
        HistoryEntry last = last(releases.history(null));
        assertEquals(List.of(HistoryEntry.Action.DEPLOY, "missing-bundle.kar", "REFUSED"),
                List.of(last.action(), last.feature(), last.outcome().name()));
    }

    @Test
    public void deployFolderDeploysAndMovesFilesAsideWithAReason() throws Exception {
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Path bad = Files.writeString(temp("junk.kar"), "junk");

        Files.copy(bad, deploy.resolve("junk.kar"));
        Files.copy(Archives.greeter("1.3.0"), deploy.resolve("greeter-1.3.0.kar"));

        Path failed = deploy.resolve("failed/junk.kar.reason");
        Path done = deploy.resolve("done/greeter-1.3.0.kar.reason");
        waitFor("both archives handled", Duration.ofSeconds(60), () -> Files.exists(failed) && Files.exists(done));
        assertTrue(read(failed), read(failed).startsWith("outcome: REJECTED\nRejected junk.kar: "));
        assertTrue(read(done), read(done).startsWith("outcome: COMMITTED\nUpgraded greeter 1.1.0 -> 1.3.0 in "));
        assertTrue(Files.exists(deploy.resolve("done/greeter-1.3.0.kar")));
        assertFalse(Files.exists(deploy.resolve("greeter-1.3.0.kar")));
        waitForGreeter("1.3.0");
    }

    @Test
    public void aDoneFolderLinkedBackToTheDeployFolderDeploysNothingThenExactlyOnce() throws Exception {
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        Path done = deploy.resolve("done");
        Path kept = deploy.resolve(".done-of-earlier-tests");
        if (Files.exists(done, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.move(done, kept);
        }
        int before = releases.history("greeter").size();
        Files.createSymbolicLink(done, Path.of("."));
        try {
            Files.copy(Archives.greeter("1.3.0"), deploy.resolve("greeter-again.kar"));
            Thread.sleep(6_000); // six polls: the file was stable after two
            assertEquals("nothing deployed through a linked done/", before, releases.history("greeter").size());
            assertTrue(Files.exists(deploy.resolve("greeter-again.kar")));
            assertEquals("1.1.0", bundle("org.slipway.example.greeter.impl").getVersion().toString());
        } finally {
            Files.delete(done);
            if (Files.exists(kept)) {
                Files.move(kept, done);
            }
        }
        Path reason = done.resolve("greeter-again.kar.reason");
        waitFor("the archive handled once done/ is a folder", Duration.ofSeconds(60), () -> Files.exists(reason));
        assertTrue(read(reason), read(reason).startsWith("outcome: COMMITTED\nUpgraded greeter 1.1.0 -> 1.3.0 in "));
        waitForGreeter("1.3.0");
        Thread.sleep(4_000);
        assertEquals("deployed exactly once", before + 1, releases.history("greeter").size());
        assertFalse(Files.exists(deploy.resolve("greeter-again.kar")));
    }

    @Test
    public void bundleJarsAreCheckedAgainstImportersThenUpdatedInPlace() throws Exception {
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy");
        long implId = bundle("org.slipway.example.greeter.impl").getBundleId();
        State before = state();
        byte[] impl = Archives.read(Archives.greeter("1.3.0")).entrySet().stream()
                .filter(e -> e.getKey().endsWith("org.slipway.example.greeter.impl-1.3.0.jar")).findFirst()
                .orElseThrow().getValue();

        Files.copy(system().resolve("org/slipway/example/org.slipway.example.greeter.api/2.0.0/"
                + "org.slipway.example.greeter.api-2.0.0.jar"), deploy.resolve("api-2.0.0.jar"));
        Path refused = deploy.resolve("failed/api-2.0.0.jar.reason");
        waitFor("the api jar handled", Duration.ofSeconds(30), () -> Files.exists(refused));
        assertTrue(read(refused), read(refused).startsWith("outcome: REFUSED\nRefused org.slipway.example.greeter.api 2.0.0: "));
        assertTrue(read(refused), read(refused).contains("Bundle org.slipway.example.greeter.web 1.1.0 ["));
        assertTrue(read(refused), read(refused).contains("imports org.slipway.example.greeter.api [1.1,2), but the upgrade offers 2.0.0"));
        assertTrue(read(refused), read(refused).contains("Bundle org.slipway.example.greeter.impl 1.1.0 ["));
        assertEquals("a refused jar changes nothing, and Felix fileinstall did not install it", before, state());
        assertTrue("other files stay where they are", Files.exists(deploy.resolve("README")));

        Files.write(deploy.resolve("impl-1.3.0.jar"), impl);
        Path done = deploy.resolve("done/impl-1.3.0.jar.reason");
        waitFor("the impl jar handled", Duration.ofSeconds(30), () -> Files.exists(done));
        assertTrue(read(done), read(done).startsWith("outcome: COMMITTED\nUpgraded org.slipway.example.greeter.impl 1.1.0 -> 1.3.0 in "));
        waitForGreeter("1.3.0");
        assertEquals("updated in place", implId, bundle("org.slipway.example.greeter.impl").getBundleId());
        HistoryEntry last = last(releases.history("org.slipway.example.greeter.impl"));
        assertEquals(List.of(HistoryEntry.Action.DEPLOY, "1.1.0", "1.3.0", "COMMITTED"),
                List.of(last.action(), last.from(), last.to(), last.outcome().name()));
    }

    @Test
    public void brokenBundleJarIsRolledBackToItsLocation() throws Exception {
        long implId = bundle("org.slipway.example.greeter.impl").getBundleId();
        Path broken = system().resolve("org/slipway/example/org.slipway.example.greeter.impl/1.2.0/"
                + "org.slipway.example.greeter.impl-1.2.0.jar");
        Path jar = Files.copy(broken, temp("org.slipway.example.greeter.impl-1.2.0.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        try {
            executeCommand("release:deploy --timeout 10 " + jar);
            fail("a bundle that cannot activate must fail");
        } catch (UpgradeFailedException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains(
                    "failed to activate: java.lang.IllegalStateException: greeter 1.2.0 is broken on purpose"));
            assertTrue(expected.getMessage(), expected.getMessage().endsWith("org.slipway.example.greeter.impl 1.1.0 is running."));
        }
        waitForGreeter("1.1.0");
        assertEquals(implId, bundle("org.slipway.example.greeter.impl").getBundleId());
        assertEquals("1.1.0", bundle("org.slipway.example.greeter.impl").getVersion().toString());
    }

    /** What a rejected or refused deploy must leave as it was. */
    private record State(Set<String> system, Set<String> repositories, java.util.Map<String, String> bundles) {
    }

    private State state() throws Exception {
        Set<String> files;
        try (Stream<Path> walk = Files.walk(system())) {
            files = walk.map(p -> system().relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> repositories = Arrays.stream(features.listRepositories()).map(r -> r.getURI().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        return new State(files, repositories, everyBundle());
    }

    private void rejected(Path archive, Reason reason, String named) throws Exception {
        try {
            String output = executeCommand("release:deploy " + archive);
            fail(archive.getFileName() + " must be rejected, printed: " + output);
        } catch (ArchiveRejectedException e) {
            assertEquals(e.getMessage(), reason, e.getReason());
            assertTrue(e.getMessage(), e.getMessage().startsWith("Rejected " + archive.getFileName() + ": "));
            assertTrue(e.getMessage() + " names " + named, e.getMessage().contains(named));
            assertTrue(e.getMessage(), e.getMessage().endsWith("Nothing was installed."));
        }
    }

    private String expectRefused(String command) throws Exception {
        try {
            String output = executeCommand(command);
            fail(command + " must be refused, printed: " + output);
            return output;
        } catch (UpgradeRefusedException expected) {
            return expected.getMessage();
        }
    }

    private static Path temp(String name) throws IOException {
        Path folder = Path.of(System.getProperty("karaf.data"), "tmp", "deploy-it");
        Files.createDirectories(folder);
        return folder.resolve(name);
    }

    private static void rename(java.util.Map<String, byte[]> entries, String from, String to) {
        String name = entries.keySet().stream().filter(n -> n.endsWith(from)).findFirst().orElseThrow();
        entries.put(name.replace(from, to), entries.remove(name));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
