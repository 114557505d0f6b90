package org.slipway.core.internal.archive;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.slipway.core.internal.archive.ArchiveFixtures.API;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/** {@link ReleaseArchive#extractTo}: all or nothing, never outside system/, never over a different file. */
public class ReleaseArchiveExtractTest extends ArchiveTestSupport {

    private Path target(String entry) {
        return system.resolve(entry.substring("repository/".length()));
    }

    private boolean umaskAllowsOthersToRead() throws Exception {
        return Files.getPosixFilePermissions(temp.newFile().toPath()).contains(PosixFilePermission.OTHERS_READ);
    }

    private byte[] content(Path archive, String entry) throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry found = zip.getEntry(entry);
            return zip.getInputStream(found).readAllBytes();
        }
    }

    @Test
    public void everyRepositoryFileIsWrittenAndReturned() throws Exception {
        Path file = write(ArchiveFixtures.release().withDirectories());
        List<Path> created = inspect(file).extractTo(system);

        assertEquals(List.of(target(FEATURES), target(API), target(IMPL)), created);
        for (String entry : List.of(FEATURES, API, IMPL)) {
            assertArrayEquals(entry, content(file, entry), Files.readAllBytes(target(entry)));
        }
        try (var files = Files.walk(system)) {
            assertEquals("no temporary file left, nothing from META-INF/", 3,
                    files.filter(Files::isRegularFile).count());
        }
        assertEquals("permissions like any file the user creates", umaskAllowsOthersToRead(),
                Files.getPosixFilePermissions(target(API)).contains(PosixFilePermission.OTHERS_READ));
    }

    @Test
    public void filesAlreadyThereWithTheSameContentAreSkipped() throws Exception {
        Path file = write(ArchiveFixtures.release());
        Files.createDirectories(target(API).getParent());
        Files.write(target(API), content(file, API));

        assertEquals(List.of(target(FEATURES), target(IMPL)), inspect(file).extractTo(system));
    }

    @Test
    public void extractingTwiceCreatesNothingTheSecondTime() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release()));
        assertEquals(3, archive.extractTo(system).size());
        assertEquals(List.of(), archive.extractTo(system));
    }

    @Test
    public void differentFileInTheWayIsAConflictAndNothingIsWritten() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release()));
        Files.createDirectories(target(IMPL).getParent());
        Files.writeString(target(IMPL), "someone else's jar");

        rejected(Reason.CONFLICT, () -> archive.extractTo(system),
                "system/" + IMPL.substring("repository/".length()) + " exists with different content");
        assertFalse(Files.exists(target(FEATURES)));
    }

    @Test
    public void symbolicLinkInSystemLeadingOutsideIsUnsafe() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release()));
        Path elsewhere = temp.newFolder("elsewhere").toPath();
        Files.createDirectories(system.resolve("org/slipway"));
        Files.createSymbolicLink(system.resolve("org/slipway/example"), elsewhere);

        rejected(Reason.UNSAFE_ENTRY, () -> archive.extractTo(system),
                "system/org/slipway/example leads to " + elsewhere.toRealPath() + ", outside system/");
        try (var files = Files.list(elsewhere)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void symbolicLinkInPlaceOfAFileIsUnsafe() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release()));
        Path outside = Files.writeString(temp.newFile("passwd").toPath(), "root::0:0");
        Files.createDirectories(target(API).getParent());
        Files.createSymbolicLink(target(API), outside);

        rejected(Reason.UNSAFE_ENTRY, () -> archive.extractTo(system),
                "system/" + API.substring("repository/".length()) + " is a symbolic link");
    }

    @Test
    public void symbolicLinkInSystemStayingInsideIsFollowed() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release()));
        Path inside = Files.createDirectories(system.resolve("mirror"));
        Files.createDirectories(system.resolve("org/slipway"));
        Files.createSymbolicLink(system.resolve("org/slipway/example"), inside);

        assertEquals(3, archive.extractTo(system).size());
        try (var files = Files.walk(inside)) {
            assertEquals(3, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    public void archiveChangedAfterInspectionIsAMismatchAndEverythingWrittenIsRemoved() throws Exception {
        Path file = write(ArchiveFixtures.release());
        ReleaseArchive archive = inspect(file);
        write(ArchiveFixtures.release().put(API, ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "6.6.6")));

        rejected(Reason.CHECKSUM_MISMATCH, () -> archive.extractTo(system), "entry \"" + API + "\" has SHA-256 ",
                "the archive changed after inspection");
        try (var files = Files.list(system)) {
            assertEquals("features XML and folders written before the failure are gone", 0, files.count());
        }
    }
}
