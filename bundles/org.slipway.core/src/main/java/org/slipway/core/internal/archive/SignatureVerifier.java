package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Verifies a jarsigner signature with {@code JarFile}'s own verifier. A signed archive must verify entirely
 * (every entry, except the manifest and signature files, signed by one common signer); whether the signer must
 * be trusted, and whether unsigned archives pass, is the {@link SignaturePolicy}'s call.
 */
final class SignatureVerifier {

    private final SignaturePolicy policy;

    SignatureVerifier(SignaturePolicy policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    /**
     * @param names the archive's entry names
     * @return the subject of the signer of every entry, empty for an unsigned archive the policy accepts
     * @throws ArchiveRejectedException INVALID_SIGNATURE if a signature does not verify or, for a signed archive
     *                                  the policy does not require, an entry is not signed; UNTRUSTED_SIGNATURE
     *                                  if the policy requires a signature and an entry is unsigned or no signer
     *                                  is trusted
     */
    Optional<String> verify(Path file, List<String> names, String displayName)
            throws IOException, ArchiveRejectedException {
        boolean signed = names.stream().anyMatch(EntryNames::isSignatureFile);
        if (!signed && !policy.required()) {
            return Optional.empty();
        }
        if (!signed) {
            throw new ArchiveRejectedException(displayName, Reason.UNTRUSTED_SIGNATURE,
                    displayName + " is not signed, and signatures are required");
        }
        Set<CodeSigner> common = null;
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            List<JarEntry> entries = readAll(jar, displayName);
            for (JarEntry entry : entries) {
                if (entry.isDirectory() || EntryNames.isSignatureRelated(entry.getName())) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    throw unsigned(displayName, entry.getName());
                }
                Set<CodeSigner> these = new LinkedHashSet<>(List.of(signers));
                if (common == null) {
                    common = these;
                } else {
                    common.retainAll(these);
                }
            }
        }
        if (common == null || common.isEmpty()) {
            throw new ArchiveRejectedException(displayName, policy.required() ? Reason.UNTRUSTED_SIGNATURE
                    : Reason.INVALID_SIGNATURE, displayName + " has no signer that signed every entry");
        }
        return Optional.of(trusted(common, displayName));
    }

    private static List<JarEntry> readAll(JarFile jar, String displayName) throws IOException,
            ArchiveRejectedException {
        List<JarEntry> entries = new ArrayList<>();
        byte[] buffer = new byte[64 * 1024];
        String current = displayName;
        try {
            for (Enumeration<JarEntry> all = jar.entries(); all.hasMoreElements();) {
                JarEntry entry = all.nextElement();
                current = entry.getName();
                try (InputStream in = jar.getInputStream(entry)) {
                    while (in.read(buffer) >= 0) {
                        // reading to the end is what makes JarFile verify the entry's digest
                    }
                }
                entries.add(entry);
            }
        } catch (SecurityException e) {
            throw new ArchiveRejectedException(displayName, Reason.INVALID_SIGNATURE, "entry "
                    + EntryNames.quote(current) + " does not match the signature, the archive was changed after"
                    + " signing (" + e.getMessage() + ")");
        }
        return entries;
    }

    private ArchiveRejectedException unsigned(String displayName, String name) {
        return policy.required()
                ? new ArchiveRejectedException(displayName, Reason.UNTRUSTED_SIGNATURE,
                        "entry " + EntryNames.quote(name) + " is not signed")
                : new ArchiveRejectedException(displayName, Reason.INVALID_SIGNATURE, "entry "
                        + EntryNames.quote(name) + " is not signed although the archive is: it was added after signing");
    }

    /** @return the subject of a signer the policy trusts, or of the first signer if trust is not required */
    private String trusted(Set<CodeSigner> signers, String displayName) throws ArchiveRejectedException {
        List<String> subjects = new ArrayList<>();
        for (CodeSigner signer : signers) {
            List<? extends Certificate> chain = signer.getSignerCertPath().getCertificates();
            String subject = ((X509Certificate) chain.get(0)).getSubjectX500Principal().getName();
            if (!policy.required() || !Collections.disjoint(chain, policy.trusted())) {
                return subject;
            }
            subjects.add(subject);
        }
        throw new ArchiveRejectedException(displayName, Reason.UNTRUSTED_SIGNATURE, displayName
                + " is signed by " + String.join(", ", subjects) + ", which is not a trusted signer");
    }
}
