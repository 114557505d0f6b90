package org.slipway.core.internal.archive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.archive.ArchiveFixtures.API;
import static org.slipway.core.internal.archive.ArchiveFixtures.CHECKSUMS;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.Test;
import org.slipway.api.ArchiveRejectedException.Reason;

/** bin/slipway seal's engine: a plain KAR rewritten in the release archive format, hostile input refused. */
public class ArchiveSealerTest extends ArchiveTestSupport {

    private static final String DESCRIPTOR = "META-INF/maven/org.slipway/app/pom.properties";

    private final ArchiveSealer sealer = new ArchiveSealer(ArchiveLimits.DEFAULTS);

    /** @return a KAR as karaf-maven-plugin's kar goal lays it out: directories, a Maven descriptor, no seal */
    private Path plainKar(String name) throws Exception {
        return ArchiveFixtures.release().withoutChecksums().withDirectories().put(DESCRIPTOR, "version=1")
                .write(file(name));
    }

    @Test
    public void sealedPlainKarPassesWithoutWarningInTheReleaseArchiveFormat() throws Exception {
        Path plain = plainKar("plain.kar");
        Path out = file("sealed.kar");

        ArchiveSealer.Sealed sealed = sealer.seal(plain, out, false);

        assertEquals(new ArchiveSealer.Sealed(out, "greeter/1.1.0", 5, false, List.of(DESCRIPTOR)), sealed);
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertEquals(List.of("META-INF/MANIFEST.MF", CHECKSUMS, FEATURES, API, IMPL),
                    Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList());
            assertEquals(ArchiveFixtures.release().checksumManifest(),
                    new String(ReleaseFeatures.read(zip, CHECKSUMS), UTF_8));
            assertTrue(new String(ReleaseFeatures.read(zip, "META-INF/MANIFEST.MF"), UTF_8)
                    .contains("Slipway-Release: greeter/1.1.0\r\n"));
            try (ZipFile original = new ZipFile(plain.toFile())) {
                assertArrayEquals(ReleaseFeatures.read(original, API), ReleaseFeatures.read(zip, API));
            }
        }
        ReleaseArchive archive = inspector(ArchiveLimits.DEFAULTS, SignaturePolicy.optional()).inspect(out, NAME,
                EMPTY_DISTRIBUTION);
        assertTrue(archive.sealed());
        assertEquals(List.of(), archive.warnings());
        assertEquals(inspect(plain).repositoryEntries(), archive.repositoryEntries());
    }

    @Test
    public void sealingInPlaceReplacesTheInputAndSealingAgainKeepsTheBytes() throws Exception {
        Path plain = plainKar(NAME);
        assertEquals(0, ArchiveSealer.run(plain, plain, false));
        assertTrue(inspect(plain).sealed());
        byte[] once = Files.readAllBytes(plain);

        ArchiveSealer.Sealed again = sealer.seal(plain, plain, false);

        assertTrue(again.wasSealed());
        assertArrayEquals("a seal is reproducible", once, Files.readAllBytes(plain));
    }

    @Test
    public void anExistingOutputIsNotOverwrittenUnlessAsked() throws Exception {
        Path plain = plainKar("plain.kar");
        Path out = Files.writeString(file("out.kar"), "someone's file");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sealer.seal(plain, out, false));
        assertEquals(out + " exists: not overwritten (remove it, name another output, or add --force)", e.getMessage());
        assertEquals("someone's file", Files.readString(out));
        assertEquals(2, ArchiveSealer.run(plain, out, false));

        sealer.seal(plain, out, true);
        assertTrue(inspect(out).sealed());
    }

    @Test
    public void hostileEntriesAreRefusedByNameAndNothingIsWritten() throws Exception {
        Path parent = ArchiveFixtures.release().withoutChecksums().put("repository/../../bin/x", "owned")
                .write(file("parent.kar"));
        rejected(Reason.UNSAFE_ENTRY, () -> sealer.seal(parent, file("out.kar"), false),
                "entry \"repository/../../bin/x\" would be written outside system/");
        Path absolute = ArchiveFixtures.release().withoutChecksums().put("/etc/passwd", "owned")
                .write(file("absolute.kar"));
        rejected(Reason.UNSAFE_ENTRY, () -> sealer.seal(absolute, file("out.kar"), false),
                "entry \"/etc/passwd\" is an absolute path");
        Path twice = ArchiveFixtures.release().withoutChecksums().put("repository/a.txt", "1")
                .put("repository/b.txt", "2").write(file("twice.kar"));
        ZipPatch.rename(twice, "repository/b.txt", "repository/a.txt");
        rejected(Reason.UNSAFE_ENTRY, () -> sealer.seal(twice, file("out.kar"), false),
                "entry \"repository/a.txt\" appears more than once");
        Path outside = ArchiveFixtures.release().withoutChecksums().put("deploy/evil.jar", "x")
                .write(file("outside.kar"));
        rejected(Reason.UNSAFE_ENTRY, () -> sealer.seal(outside, file("out.kar"), false),
                "entry \"deploy/evil.jar\" is outside repository/ and META-INF/");
        assertEquals(4, ArchiveSealer.run(twice, file("out.kar"), false));
        assertTrue(Files.notExists(file("out.kar")));
    }

    @Test
    public void damagedOrMismatchedInputIsRefused() throws Exception {
        Path damaged = ArchiveFixtures.release().withoutChecksums().stored(API).write(file("damaged.kar"));
        ZipPatch.damage(damaged, API, 40);
        rejected(Reason.CORRUPT, () -> sealer.seal(damaged, file("out.kar"), false), "its CRC-32 does not match");
        ArchiveFixtures tampered = ArchiveFixtures.release();
        Path mismatch = tampered.put(CHECKSUMS, tampered.checksumManifest()).put(API, "changed after sealing")
                .write(file("mismatch.kar"));
        rejected(Reason.CHECKSUM_MISMATCH, () -> sealer.seal(mismatch, file("out.kar"), false),
                "entry \"" + API + "\" has SHA-256");
        Path noFeatures = ArchiveFixtures.release().withoutChecksums().remove(FEATURES).write(file("none.kar"));
        rejected(Reason.INVALID_FEATURES, () -> sealer.seal(noFeatures, file("out.kar"), false),
                "contains no features XML under repository/");
    }
}
