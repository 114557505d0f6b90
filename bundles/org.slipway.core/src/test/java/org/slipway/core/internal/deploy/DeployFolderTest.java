package org.slipway.core.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The deploy folder: stable files only, *.kar and *.jar only, moved aside with a reason file. */
public class DeployFolderTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final List<String> deployed = new ArrayList<>();
    private DeployFolder.Outcome next = new DeployFolder.Outcome(true, "COMMITTED", "Upgraded greeter.");
    private Path folder;
    private DeployFolder deploy;

    @Before
    public void folder() {
        folder = temp.getRoot().toPath().resolve("deploy");
        deploy = new DeployFolder(folder, file -> {
            deployed.add(file.getFileName().toString());
            return next;
        });
    }

    @Test
    public void aFileIsDeployedOnceItHasNotChangedBetweenTwoScans() throws Exception {
        deploy.scan();
        Files.writeString(folder.resolve("greeter.kar"), "x");

        deploy.scan();
        assertEquals("not yet: it may still be copied", List.of(), deployed);
        deploy.scan();

        assertEquals(List.of("greeter.kar"), deployed);
        assertEquals("outcome: COMMITTED\nUpgraded greeter.\n", Files.readString(folder.resolve("done/greeter.kar.reason")));
        assertTrue(Files.exists(folder.resolve("done/greeter.kar")));
        assertFalse(Files.exists(folder.resolve("greeter.kar")));
        deploy.scan();
        assertEquals("deployed once", 1, deployed.size());
    }

    @Test
    public void aDeployTheJvmDidNotFinishGoesToFailedAndIsNotTriedAgain() throws Exception {
        Files.writeString(folder(folder).resolve("crashing.kar"), "x");
        Files.writeString(folder.resolve(".deploying"), "crashing.kar\n2026-12-07T03:00:00Z\n");

        deploy.scan();
        deploy.scan();

        assertEquals(List.of(), deployed);
        assertFalse(Files.exists(folder.resolve(".deploying")));
        assertTrue(Files.exists(folder.resolve("failed/crashing.kar")));
        String reason = Files.readString(folder.resolve("failed/crashing.kar.reason"));
        assertTrue(reason, reason.startsWith("outcome: INTERRUPTED\nThe JVM stopped while crashing.kar was being "
                + "deployed (since 2026-12-07T03:00:00Z)"));
        assertTrue(reason, reason.contains("move it back into deploy/ to try again"));
    }

    @Test
    public void theFileBeingDeployedIsRecordedUntilItIsSettled() throws Exception {
        List<String> claims = new ArrayList<>();
        DeployFolder watched = new DeployFolder(folder, file -> {
            try {
                claims.add(Files.readAllLines(folder.resolve(".deploying")).get(0));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return next;
        });
        Files.writeString(folder(folder).resolve("greeter.kar"), "x");
        watched.scan();
        watched.scan();
        assertEquals(List.of("greeter.kar"), claims);
        assertFalse(Files.exists(folder.resolve(".deploying")));
    }

    @Test
    public void failedFolderThatLinksOutsideTheInstanceIsNeverWrittenTo() throws Exception {
        Path outside = temp.newFolder("outside").toPath();
        Path instance = Files.createDirectories(temp.getRoot().toPath().resolve("instance"));
        Path inInstance = Files.createDirectories(instance.resolve("deploy"));
        Files.createSymbolicLink(inInstance.resolve("failed"), outside);
        next = new DeployFolder.Outcome(false, "REJECTED", "Rejected bad.jar.");
        DeployFolder guarded = new DeployFolder(inInstance, instance, file -> {
            deployed.add(file.getFileName().toString());
            return next;
        });
        Files.writeString(inInstance.resolve("bad.jar"), "x");

        for (int scan = 0; scan < 3; scan++) {
            java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class, guarded::scan);
            assertTrue(e.getMessage(), e.getMessage().contains("failed is a symbolic link (to " + outside + ")"));
        }
        try (java.util.stream.Stream<Path> written = Files.list(outside)) {
            assertEquals("nothing written through the link", 0, written.count());
        }
        assertEquals("checked before anything is deployed", List.of(), deployed);
        assertTrue("the jar stays where it was", Files.exists(inInstance.resolve("bad.jar")));
    }

    @Test
    public void aDoneFolderLinkedBackToTheDeployFolderDeploysNothing() throws Exception {
        Files.createSymbolicLink(folder(folder).resolve("done"), Path.of("."));
        Files.writeString(folder.resolve("greeter.kar"), "x");

        for (int scan = 0; scan < 4; scan++) {
            java.io.IOException e = org.junit.Assert.assertThrows(java.io.IOException.class, deploy::scan);
            assertTrue(e.getMessage(), e.getMessage().contains("done is a symbolic link (to .): it must be a real folder"));
        }
        assertEquals(List.of(), deployed);

        Files.delete(folder.resolve("done"));
        deploy.scan();
        deploy.scan();
        deploy.scan();
        assertEquals("once the folder is real, deployed once", List.of("greeter.kar"), deployed);
        assertTrue(Files.exists(folder.resolve("done/greeter.kar")));
    }

    @Test
    public void aFileThatCannotBeMovedAsideIsNotDeployedAgainNotEvenAfterARestart() throws Exception {
        Files.writeString(Files.createDirectories(folder.resolve("done/greeter.kar")).resolve("in-the-way"), "x");
        Files.writeString(folder.resolve("greeter.kar"), "x");
        deploy.scan();
        org.junit.Assert.assertThrows("the move fails", java.io.IOException.class, deploy::scan);
        assertEquals(List.of("greeter.kar"), deployed);

        DeployFolder restarted = new DeployFolder(folder, file -> {
            deployed.add(file.getFileName().toString());
            return next;
        });
        for (DeployFolder scanning : List.of(deploy, restarted)) {
            for (int scan = 0; scan < 3; scan++) {
                try {
                    scanning.scan();
                } catch (java.io.IOException e) {
                    assertTrue(e.getMessage(), e.getMessage().contains("not deployed again: greeter.kar."));
                }
            }
        }
        assertEquals("deployed once", List.of("greeter.kar"), deployed);
        assertTrue(Files.exists(folder.resolve("greeter.kar")));

        Files.writeString(folder.resolve("greeter.kar"), "changed");
        Files.delete(folder.resolve("done/greeter.kar/in-the-way"));
        restarted.scan();
        restarted.scan();
        restarted.scan();
        assertEquals("a changed file is a new drop", List.of("greeter.kar", "greeter.kar"), deployed);
        assertFalse(Files.exists(folder.resolve(".handled")));
    }

    @Test
    public void droppedSymbolicLinkIsNotDeployedButSetAsideWithItsReason() throws Exception {
        Path target = Files.writeString(temp.newFile("elsewhere.kar").toPath(), "x");
        Files.createSymbolicLink(folder(folder).resolve("linked.kar"), target);
        deploy.scan();
        deploy.scan();

        assertEquals(List.of(), deployed);
        assertTrue(Files.readString(folder.resolve("failed/linked.kar.reason")).startsWith(
                "outcome: REJECTED\nlinked.kar is a symbolic link (to " + target + ")"));
        assertEquals("the archive it pointed to is untouched", "x", Files.readString(target));
    }

    @Test
    public void aFileStillGrowingWaits() throws Exception {
        Files.writeString(folder(folder).resolve("greeter.kar"), "x");
        deploy.scan();
        Files.writeString(folder.resolve("greeter.kar"), "xy");
        deploy.scan();
        assertEquals(List.of(), deployed);
        deploy.scan();
        assertEquals(List.of("greeter.kar"), deployed);
    }

    @Test
    public void failuresGoToFailedWithTheirReason() throws Exception {
        next = new DeployFolder.Outcome(false, "REJECTED", "Rejected bad.jar: not a bundle. Nothing was installed.");
        Files.writeString(folder(folder).resolve("bad.jar"), "x");
        deploy.scan();
        deploy.scan();
        assertEquals("outcome: REJECTED\nRejected bad.jar: not a bundle. Nothing was installed.\n",
                Files.readString(folder.resolve("failed/bad.jar.reason")));
        assertTrue(Files.exists(folder.resolve("failed/bad.jar")));
    }

    @Test
    public void otherFilesHiddenFilesAndABusyEngineAreLeftAlone() throws Exception {
        Files.writeString(folder(folder).resolve("README"), "x");
        Files.writeString(folder.resolve(".greeter.kar.part"), "x");
        Files.writeString(folder.resolve("greeter.kar"), "x");
        next = new DeployFolder.Outcome(false, DeployFolder.BUSY, "another change runs");
        deploy.scan();
        deploy.scan();
        assertEquals(List.of("greeter.kar"), deployed);
        assertTrue("tried again later", Files.exists(folder.resolve("greeter.kar")));
        assertTrue(Files.exists(folder.resolve("README")));
        assertFalse(Files.exists(folder.resolve("failed")));
        next = new DeployFolder.Outcome(true, "NO_CHANGES", "No changes.");
        deploy.scan();
        deploy.scan();
        assertEquals(List.of("greeter.kar", "greeter.kar"), deployed);
        assertTrue(Files.exists(folder.resolve("done/greeter.kar")));
    }

    private static Path folder(Path folder) throws Exception {
        return Files.createDirectories(folder);
    }
}
