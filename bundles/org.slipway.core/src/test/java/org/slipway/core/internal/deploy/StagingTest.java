package org.slipway.core.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/** Staging refuses what is not a regular file within the size limit, a path or a file: URL alike, at once. */
public class StagingTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** A FIFO opened for reading would block until a writer comes: the test would hang, not fail. */
    @Rule
    public Timeout bounded = new Timeout(20, TimeUnit.SECONDS);

    @Test
    public void aFifoIsRefusedAsAPathAndAsAFileUrlWithoutOpeningIt() throws Exception {
        Path fifo = temp.getRoot().toPath().resolve("archive.kar");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue("mkfifo is not available here", false);
            return;
        }
        assumeTrue("mkfifo made a FIFO", mkfifo.waitFor() == 0);
        for (String location : List.of(fifo.toString(), fifo.toUri().toString())) {
            ArchiveRejectedException e = assertThrows(ArchiveRejectedException.class, () -> staging(1000)
                    .stage(location, "archive.kar"));
            assertEquals(Reason.NOT_A_ZIP, e.getReason());
            assertTrue(e.getMessage(), e.getMessage().contains(location + " is not a readable file (it is not a"
                    + " regular file: a FIFO, socket or device)"));
        }
        assertEquals("nothing staged", List.of(), List.of(temp.getRoot().toPath().resolve("incoming").toFile().list()));
    }

    @Test
    public void aFolderAMissingFileAndATooLargeFileAreRefusedAsFileUrls() throws Exception {
        Path folder = temp.newFolder("folder.kar").toPath();
        Path large = Files.write(temp.getRoot().toPath().resolve("large.kar"), new byte[2000]);
        Path missing = temp.getRoot().toPath().resolve("missing.kar");

        assertTrue(reason(folder.toUri().toString()).getMessage().contains("(it is a folder)"));
        assertEquals(Reason.NOT_A_ZIP, reason(missing.toUri().toString()).getReason());
        assertEquals(Reason.TOO_LARGE, reason(large.toUri().toString()).getReason());
        assertEquals(Reason.TOO_LARGE, reason(large.toString()).getReason());
    }

    @Test
    public void aRegularFileUrlWithinTheLimitIsStaged() throws Exception {
        Path archive = Files.write(temp.getRoot().toPath().resolve("small.kar"), new byte[] { 1, 2, 3 });
        Path staged = staging(1000).stage(archive.toUri().toString(), "small.kar");
        assertEquals(3, Files.size(staged));
    }

    private ArchiveRejectedException reason(String location) {
        return assertThrows(ArchiveRejectedException.class, () -> staging(1000).stage(location, "x.kar"));
    }

    private Staging staging(long maxBytes) {
        return new Staging(temp.getRoot().toPath().resolve("incoming"), maxBytes);
    }
}
