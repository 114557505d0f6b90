package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether archives must be signed, and by whom. A signed archive is always checked for integrity; trust in its
 * signer is demanded only when {@link #required()}.
 *
 * @param required whether unsigned archives, or archives signed by a key outside {@code trusted}, are rejected
 * @param trusted  certificates one of which must appear in the signer's certificate chain; never {@code null},
 *                 may be empty (then no archive passes a required policy)
 */
public record SignaturePolicy(boolean required, Set<X509Certificate> trusted) {

    public SignaturePolicy {
        trusted = Set.copyOf(requireNonNull(trusted, "trusted"));
    }

    /** @return a policy that accepts unsigned archives and checks the integrity of signed ones */
    public static SignaturePolicy optional() {
        return new SignaturePolicy(false, Set.of());
    }

    /** @return a policy that requires a signature by one of {@code trusted} */
    public static SignaturePolicy requiredBy(Set<X509Certificate> trusted) {
        return new SignaturePolicy(true, trusted);
    }

    /**
     * Loads every X.509 certificate from the {@code *.pem}, {@code *.crt} and {@code *.cer} files (PEM or DER)
     * directly in {@code folder}; other files are ignored.
     *
     * @return the certificates, empty if the folder holds none
     * @throws IOException          if the folder or a file cannot be read
     * @throws CertificateException if a file is not an X.509 certificate; the message names the file
     */
    public static Set<X509Certificate> loadCertificates(Path folder) throws IOException, CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Set<X509Certificate> certificates = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.{pem,crt,cer}")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate certificate : factory.generateCertificates(in)) {
                        certificates.add((X509Certificate) certificate);
                    }
                } catch (CertificateException e) {
                    throw new CertificateException(file + " is not an X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        return Set.copyOf(certificates);
    }
}
