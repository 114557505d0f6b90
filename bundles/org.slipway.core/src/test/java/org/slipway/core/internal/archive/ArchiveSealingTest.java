package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.archive.ArchiveFixtures.API;
import static org.slipway.core.internal.archive.ArchiveFixtures.CHECKSUMS;
import static org.slipway.core.internal.archive.ArchiveFixtures.FEATURES;
import static org.slipway.core.internal.archive.ArchiveFixtures.IMPL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * The policy for archives without a checksum manifest (plain KARs): accepted with a warning by default, every
 * other check applied; refused with how to seal them when sealed archives or signatures are required.
 */
public class ArchiveSealingTest extends ArchiveTestSupport {

    private static final String HINT = "seal it with the slipway-maven-plugin's archive goal, or: bin/slipway seal "
            + NAME;

    @ClassRule
    public static TemporaryFolder keys = new TemporaryFolder();

    private static Signing release;

    @BeforeClass
    public static void generateKey() throws Exception {
        release = Signing.generate(keys.getRoot().toPath(), "release", "CN=Slipway Release,O=Slipway");
    }

    private static ArchiveInspector inspector(SignaturePolicy signatures, Sealing sealing) {
        return new ArchiveInspector(ArchiveLimits.DEFAULTS, signatures, sealing, ArchiveFixtures.KARAF_XSDS,
                Distribution.offeringNothing());
    }

    @Test
    public void unsealedArchiveIsAcceptedWithAWarningNamingIt() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums());

        ReleaseArchive archive = inspect(file);

        assertFalse(archive.sealed());
        assertEquals(List.of(FEATURES, API, IMPL), List.copyOf(archive.repositoryEntries().keySet()));
        assertEquals(ArchiveFixtures.sha256(ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "1.1.0")),
                archive.repositoryEntries().get(API));
        assertEquals(List.of("Archive " + NAME + " is not sealed (no " + CHECKSUMS + "): its integrity rests on zip"
                + " CRCs only; " + HINT), archive.warnings());
    }

    @Test
    public void sealedArchiveHasNoWarning() throws Exception {
        ReleaseArchive archive = inspector(SignaturePolicy.optional(), Sealing.REQUIRED)
                .inspect(write(ArchiveFixtures.release()), NAME, EMPTY_DISTRIBUTION);
        assertTrue(archive.sealed());
        assertEquals(List.of(), archive.warnings());
    }

    @Test
    public void unsealedArchiveGetsEveryOtherCheck() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums()
                .put(FEATURES, ArchiveFixtures.featuresXml(ArchiveFixtures.API_URL,
                        "mvn:org.slipway.example/org.slipway.example.greeter.impl/9.9.9")));
        rejected(Reason.MISSING_BUNDLE, () -> inspect(file), "mvn:org.slipway.example/org.slipway.example.greeter.impl/9.9.9");
        Path escape = write(ArchiveFixtures.release().withoutChecksums().put("repository/../../etc/x", "owned"));
        rejected(Reason.UNSAFE_ENTRY, () -> inspect(escape), "entry \"repository/../../etc/x\" would be written outside");
    }

    @Test
    public void unsealedArchiveWithABadCrcIsCorrupt() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums().stored(API));
        ZipPatch.damage(file, API, 40);
        rejected(Reason.CORRUPT, () -> inspect(file), NAME + " is truncated or damaged: entry \"" + API + "\"",
                "its CRC-32 does not match");
    }

    @Test
    public void unsealedArchiveWithDamagedCompressedDataIsCorrupt() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums());
        ZipPatch.damage(file, FEATURES, 3);
        rejected(Reason.CORRUPT, () -> inspect(file), NAME + " is truncated or damaged: entry \"" + FEATURES + "\"");
    }

    @Test
    public void unsealedArchiveIsRefusedWithTheSealingHintWhenSealedArchivesAreRequired() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums());
        ArchiveInspector sealedOnly = inspector(SignaturePolicy.optional(), Sealing.REQUIRED);
        rejected(Reason.MISSING_CHECKSUMS, () -> sealedOnly.inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " has no checksum manifest " + CHECKSUMS + ", and sealed archives are required (requireSealed"
                        + " = true): " + HINT + ". Nothing was installed.");
    }

    @Test
    public void unsealedArchiveSignedByATrustedKeyIsStillRefusedWhenSignaturesAreRequired() throws Exception {
        Path certificates = temp.newFolder("trusted").toPath();
        release.exportCertificate(certificates.resolve("release.pem"));
        SignaturePolicy required = SignaturePolicy.requiredBy(SignaturePolicy.loadCertificates(certificates));
        Path signed = release.sign(write(ArchiveFixtures.release().withoutChecksums()));
        List<String> before = listing();

        for (Sealing sealing : Sealing.values()) {
            rejected(Reason.MISSING_CHECKSUMS, () -> inspector(required, sealing).inspect(signed, NAME,
                    EMPTY_DISTRIBUTION), NAME + " has no checksum manifest " + CHECKSUMS + ", and a signed release"
                            + " must be sealed before it is signed (requireSignatures = true): " + HINT
                            + ", then sign it");
        }
        assertEquals(before, listing());
        Path sealedAndSigned = release.sign(write(ArchiveFixtures.release()));
        assertEquals(Optional.of("CN=Slipway Release,O=Slipway"), inspector(required, Sealing.OPTIONAL)
                .inspect(sealedAndSigned, NAME, EMPTY_DISTRIBUTION).signer());
    }

    @Test
    public void unsignedUnsealedArchiveIsRefusedForItsMissingSignatureFirst() throws Exception {
        Path file = write(ArchiveFixtures.release().withoutChecksums());
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> inspector(SignaturePolicy.requiredBy(java.util.Set.of()),
                Sealing.OPTIONAL).inspect(file, NAME, EMPTY_DISTRIBUTION), NAME + " is not signed");
    }

    @Test
    public void unsealedArchiveSignedWithoutRequirementWarnsThatItRestsOnTheSignature() throws Exception {
        Path signed = release.sign(write(ArchiveFixtures.release().withoutChecksums()));
        ReleaseArchive archive = inspect(signed);
        assertEquals(List.of("Archive " + NAME + " is not sealed (no " + CHECKSUMS + "): its integrity rests on its"
                + " signature by CN=Slipway Release,O=Slipway and zip CRCs only; " + HINT), archive.warnings());
        assertTrue(Files.exists(signed));
    }
}
