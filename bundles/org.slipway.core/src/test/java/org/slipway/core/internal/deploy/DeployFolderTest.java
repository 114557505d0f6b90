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
