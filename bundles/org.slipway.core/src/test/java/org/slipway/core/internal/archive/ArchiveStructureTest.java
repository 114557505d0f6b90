package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.slipway.core.internal.archive.ArchiveFixtures.API;
import static org.slipway.core.internal.archive.ArchiveFixtures.CHECKSUMS;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipOutputStream;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/** Size, zip structure and entry names: checks 1 to 4. */
public class ArchiveStructureTest extends ArchiveTestSupport {

    @Test
    public void goodArchivePassesWithItsFeaturesAndMavenUrl() throws Exception {
        Path file = write(ArchiveFixtures.release());
        List<String> before = listing();

        ReleaseArchive archive = inspect(file);

        assertEquals(before, listing());
        assertEquals(FEATURES, archive.featuresEntry());
        assertEquals(ArchiveFixtures.FEATURES_URL, archive.featuresUrl());
        assertEquals("greeter-1.1.0", archive.repositoryName());
        assertEquals(List.of(new ArchivedFeature("greeter", "1.1.0", List.of(ArchiveFixtures.API_URL,
                ArchiveFixtures.IMPL_URL)), new ArchivedFeature("greeter-tools", "0.0.0", List.of())),
                archive.features());
        assertEquals(List.of(FEATURES, API, IMPL), List.copyOf(archive.repositoryEntries().keySet()));
        assertEquals(ArchiveFixtures.sha256(Files.readAllBytes(file)), archive.sha256());
        assertEquals(Optional.empty(), archive.signer());
    }

    @Test
    public void directoryEntriesAreAllowed() throws Exception {
        ReleaseArchive archive = inspect(write(ArchiveFixtures.release().withDirectories()));
        assertEquals(List.of(FEATURES, API, IMPL), List.copyOf(archive.repositoryEntries().keySet()));
    }

    @Test
    public void archiveOverTheSizeLimitIsTooLarge() throws Exception {
        Path file = write(ArchiveFixtures.release());
        ArchiveInspector small = inspector(new ArchiveLimits(100, 10, 1000), SignaturePolicy.optional());
        rejected(Reason.TOO_LARGE, () -> small.inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " is " + Files.size(file) + " bytes, over the limit of 100 bytes (maxArchiveSize)");
    }

    @Test
    public void textFileIsNotAZip() throws Exception {
        Path file = Files.writeString(file(NAME), "<features/>\n");
        rejected(Reason.NOT_A_ZIP, () -> inspect(file), NAME + " is not a zip archive");
    }

    @Test
    public void emptyFileIsNotAZip() throws Exception {
        Path file = Files.write(file(NAME), new byte[0]);
        rejected(Reason.NOT_A_ZIP, () -> inspect(file), NAME + " is not a zip archive");
    }

    @Test
    public void emptyZipIsNotAZip() throws Exception {
        Path file = file(NAME);
        new ZipOutputStream(Files.newOutputStream(file)).close();
        rejected(Reason.NOT_A_ZIP, () -> inspect(file), NAME + " is an empty zip archive");
    }

    @Test
    public void truncatedZipIsCorrupt() throws Exception {
        Path file = write(ArchiveFixtures.release());
        ZipPatch.truncate(file);
        rejected(Reason.CORRUPT, () -> inspect(file), NAME + " is truncated or damaged");
    }

    @Test
    public void storedEntryWithABadCrcIsCorrupt() throws Exception {
        Path file = write(ArchiveFixtures.release().stored(API));
        ZipPatch.damage(file, API, 40);
        rejected(Reason.CORRUPT, () -> inspect(file), NAME + " is truncated or damaged: entry \"" + API + "\"",
                "CRC-32");
    }

    @Test
    public void damagedCompressedEntryIsCorrupt() throws Exception {
        Path file = write(ArchiveFixtures.release());
        ZipPatch.damage(file, FEATURES, 3);
        rejected(Reason.CORRUPT, () -> inspect(file), NAME + " is truncated or damaged: entry \"" + FEATURES + "\"");
    }

    @Test
    public void parentSegmentsAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("../../etc/x", "owned"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"../../etc/x\" would be written outside system/");
    }

    @Test
    public void parentSegmentsInsideRepositoryAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/../../x", "owned"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/../../x\" would be written outside");
    }

    @Test
    public void dotSegmentsAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/./x", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/./x\"");
    }

    @Test
    public void emptySegmentsAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository//x", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository//x\" has an empty path segment");
    }

    @Test
    public void absolutePathsAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("/etc/passwd", "root::0:0"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"/etc/passwd\" is an absolute path");
    }

    @Test
    public void driveLettersAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("C:\\x", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"C:\\x\" is an absolute path");
    }

    @Test
    public void colonsAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/x.jar:stream", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/x.jar:stream\" contains a colon");
    }

    @Test
    public void backslashesAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository\\..\\..\\x", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository\\..\\..\\x\" contains a backslash");
    }

    @Test
    public void nulInANameIsUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/x.jar\0.txt", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/x.jar\\u0000.txt\"");
    }

    @Test
    public void symbolicLinkEntriesAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/link", "/etc/passwd"));
        ZipPatch.unixMode(file, "repository/link", 0120777);
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/link\" is a symbolic link");
    }

    @Test
    public void duplicateNamesAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/a.txt", "first").put("repository/b.txt", "second"));
        ZipPatch.rename(file, "repository/b.txt", "repository/a.txt");
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"repository/a.txt\" appears more than once");
    }

    @Test
    public void entriesOutsideRepositoryAreUnsafe() throws Exception {
        Path file = write(ArchiveFixtures.release().put("deploy/evil.jar", "x"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(file), "entry \"deploy/evil.jar\" is outside repository/ and META-INF/");
    }

    @Test
    public void tooManyEntriesIsTooLarge() throws Exception {
        Path file = write(ArchiveFixtures.release());
        ArchiveInspector few = inspector(new ArchiveLimits(1 << 20, 3, 1 << 20), SignaturePolicy.optional());
        rejected(Reason.TOO_LARGE, () -> few.inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " has 5 entries, over the limit of 3 entries (maxArchiveEntries)");
    }

    @Test
    public void expandingOverTheLimitIsTooLarge() throws Exception {
        Path file = write(ArchiveFixtures.release().put("repository/zeros.bin", new byte[4 << 20]));
        assertEquals(true, Files.size(file) < 64 * 1024);
        ArchiveInspector bounded = inspector(new ArchiveLimits(1 << 20, 100, 1 << 20), SignaturePolicy.optional());
        rejected(Reason.TOO_LARGE, () -> bounded.inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " expands to more than 1048576 bytes (maxExpandedSize)", "\"repository/zeros.bin\"");
    }

    // An archive without a checksum manifest: ArchiveSealingTest.

    @Test
    public void entryMissingFromTheChecksumManifestIsRejected() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release();
        Path file = write(archive.put(CHECKSUMS, archive.checksumManifest()).put("repository/extra.txt", "x"));
        rejected(Reason.MISSING_CHECKSUMS, () -> inspect(file),
                "entry \"repository/extra.txt\" is not listed in " + CHECKSUMS);
    }

    @Test
    public void entryWithAnotherDigestIsAMismatch() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release();
        String listed = ArchiveFixtures.sha256(ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "1.1.0"));
        byte[] evil = ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "6.6.6");
        Path file = write(archive.put(CHECKSUMS, archive.checksumManifest()).put(API, evil));
        rejected(Reason.CHECKSUM_MISMATCH, () -> inspect(file), "entry \"" + API + "\" has SHA-256 "
                + ArchiveFixtures.sha256(evil) + " but the checksum manifest says " + listed);
    }

    @Test
    public void listedEntryThatIsAbsentIsAMismatch() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release().put("repository/notes.txt", "x");
        Path file = write(archive.put(CHECKSUMS, archive.checksumManifest()).remove("repository/notes.txt"));
        rejected(Reason.CHECKSUM_MISMATCH, () -> inspect(file),
                "entry \"repository/notes.txt\" is listed in " + CHECKSUMS + " but is not in the archive");
    }

    @Test
    public void malformedChecksumLineIsRejectedWithItsNumber() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release();
        String[] lines = archive.checksumManifest().split("\n");
        String manifest = lines[0] + "\n" + lines[1].toUpperCase().replace("REPOSITORY", "repository") + "\n"
                + lines[2] + "\n";
        Path file = write(archive.put(CHECKSUMS, manifest));
        rejected(Reason.MISSING_CHECKSUMS, () -> inspect(file), CHECKSUMS + " line 2 is not \"<sha256>  <entry name>\"");
    }

    @Test
    public void checksumLineWithOneSpaceIsMalformed() throws Exception {
        ArchiveFixtures archive = ArchiveFixtures.release();
        Path file = write(archive.put(CHECKSUMS, archive.checksumManifest().replaceFirst("  ", " ")));
        rejected(Reason.MISSING_CHECKSUMS, () -> inspect(file), CHECKSUMS + " line 1");
    }
}
