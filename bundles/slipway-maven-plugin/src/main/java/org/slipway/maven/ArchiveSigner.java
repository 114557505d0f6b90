package org.slipway.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.zip.ZipFile;

import jdk.security.jarsigner.JarSigner;

/**
 * Signs a release archive as {@code jarsigner} does, with the JDK's {@link JarSigner} API: every entry is
 * signed, and the live instance verifies it with {@code JarFile}'s own verifier. A signed archive is not
 * reproducible: the signature holds the time of signing.
 */
public final class ArchiveSigner {

    private ArchiveSigner() {
    }

    /**
     * Signs {@code archive} in place.
     *
     * @param keystore the key store file
     * @param type     its type, e.g. {@code PKCS12}
     * @param alias    the alias of the signing key
     * @param password the store's password, also the key's
     * @throws IllegalArgumentException when the key store has no key under {@code alias}; the message names both
     */
    public static void sign(Path archive, Path keystore, String type, String alias, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        if (!store.isKeyEntry(alias)) {
            throw new IllegalArgumentException("Key store " + keystore + " has no key \"" + alias + "\" (it has "
                    + java.util.Collections.list(store.aliases()) + ")");
        }
        PrivateKey key = (PrivateKey) store.getKey(alias, password);
        CertPath chain = CertificateFactory.getInstance("X.509")
                .generateCertPath(Arrays.asList(store.getCertificateChain(alias)));
        JarSigner signer = new JarSigner.Builder(key, chain).digestAlgorithm("SHA-256").signerName("SLIPWAY")
                .build();
        Path signed = archive.resolveSibling(archive.getFileName() + ".signed");
        try {
            try (ZipFile in = new ZipFile(archive.toFile()); OutputStream out = Files.newOutputStream(signed)) {
                signer.sign(in, out);
            }
            Files.move(signed, archive, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(signed);
        }
    }
}
