package org.slipway.core.internal.archive;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.slipway.core.internal.archive.ArchiveFixtures.API;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.ArchiveRejectedException.Reason;

/** Signatures, made with the JDK's keytool and jarsigner: check 5. */
public class ArchiveSignatureTest extends ArchiveTestSupport {

    @ClassRule
    public static TemporaryFolder keys = new TemporaryFolder();

    private static Signing release;
    private static Signing mallory;
    private static Set<X509Certificate> trusted;

    @BeforeClass
    public static void generateKeys() throws Exception {
        release = Signing.generate(keys.getRoot().toPath(), "release", "CN=Slipway Release,O=Slipway");
        mallory = Signing.generate(keys.getRoot().toPath(), "mallory", "CN=Mallory");
        Path certificates = keys.newFolder("trusted").toPath();
        release.exportCertificate(certificates.resolve("release.pem"));
        Files.writeString(certificates.resolve("README.txt"), "not a certificate, not read");
        trusted = SignaturePolicy.loadCertificates(certificates);
    }

    private ArchiveInspector requiring() {
        return inspector(ArchiveLimits.DEFAULTS, SignaturePolicy.requiredBy(trusted));
    }

    @Test
    public void trustedCertificatesAreLoadedFromPemFiles() {
        assertEquals(1, trusted.size());
        assertEquals("CN=Slipway Release,O=Slipway", trusted.iterator().next().getSubjectX500Principal().getName());
    }

    @Test
    public void aFileThatIsNotACertificateIsNamed() throws Exception {
        Path folder = temp.newFolder("certs").toPath();
        Path bad = Files.writeString(folder.resolve("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n");
        CertificateException e = assertThrows(CertificateException.class, () -> SignaturePolicy.loadCertificates(folder));
        assertTrue(e.getMessage(), e.getMessage().startsWith(bad + " is not an X.509 certificate"));
    }

    @Test
    public void signedByATrustedKeyPassesWhenRequired() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        ReleaseArchive archive = requiring().inspect(file, NAME, EMPTY_DISTRIBUTION);
        assertEquals(Optional.of("CN=Slipway Release,O=Slipway"), archive.signer());
    }

    @Test
    public void signedArchivePassesAnOptionalPolicyAndNamesItsSigner() throws Exception {
        Path file = mallory.sign(write(ArchiveFixtures.release().withDirectories()));
        assertEquals(Optional.of("CN=Mallory"), inspect(file).signer());
    }

    @Test
    public void unsignedArchiveIsRejectedWhenSignaturesAreRequired() throws Exception {
        Path file = write(ArchiveFixtures.release());
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> requiring().inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " is not signed");
    }

    @Test
    public void signedByAnUntrustedKeyIsRejectedWhenRequired() throws Exception {
        Path file = mallory.sign(write(ArchiveFixtures.release()));
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> requiring().inspect(file, NAME, EMPTY_DISTRIBUTION),
                NAME + " is signed by CN=Mallory, which is not a trusted signer");
    }

    @Test
    public void requiredPolicyWithoutTrustedCertificatesTrustsNoOne() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        ArchiveInspector none = inspector(ArchiveLimits.DEFAULTS, SignaturePolicy.requiredBy(Set.of()));
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> none.inspect(file, NAME, EMPTY_DISTRIBUTION),
                "signed by CN=Slipway Release,O=Slipway, which is not a trusted signer");
    }

    @Test
    public void entryChangedAfterSigningIsAnInvalidSignature() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        Signing.rewrite(file, API, "not the signed jar");
        rejected(Reason.INVALID_SIGNATURE, () -> inspect(file), "entry \"" + API + "\" does not match the signature");
    }

    @Test
    public void entryChangedAfterSigningIsAnInvalidSignatureAlsoWhenRequired() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        Signing.rewrite(file, API, "not the signed jar");
        rejected(Reason.INVALID_SIGNATURE, () -> requiring().inspect(file, NAME, EMPTY_DISTRIBUTION),
                "entry \"" + API + "\" does not match the signature");
    }

    @Test
    public void entryAddedAfterSigningIsUnsignedWhenRequired() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        Signing.rewrite(file, "repository/added.txt", "x");
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> requiring().inspect(file, NAME, EMPTY_DISTRIBUTION),
                "entry \"repository/added.txt\" is not signed");
    }

    @Test
    public void entryAddedAfterSigningIsAnInvalidSignatureWhenOptional() throws Exception {
        Path file = release.sign(write(ArchiveFixtures.release()));
        Signing.rewrite(file, "repository/added.txt", "x");
        rejected(Reason.INVALID_SIGNATURE, () -> inspect(file), "entry \"repository/added.txt\" is not signed");
    }

    @Test
    public void signedBundleJarPassesWhenRequired() throws Exception {
        Path jar = Files.write(file("api.jar"), ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "1.1.0"));
        release.sign(jar);
        assertEquals("org.slipway.example.greeter.api", requiring().inspectBundle(jar, "api.jar").symbolicName());
    }

    @Test
    public void unsignedBundleJarIsRejectedWhenRequired() throws Exception {
        Path jar = Files.write(file("api.jar"), ArchiveFixtures.bundleJar("org.slipway.example.greeter.api", "1.1.0"));
        rejected(Reason.UNTRUSTED_SIGNATURE, () -> requiring().inspectBundle(jar, "api.jar"), "api.jar is not signed");
    }
}
