package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Inspects a release archive or bundle jar before anything of it is installed: size, zip structure, entry
 * names, signature, checksums, features XML, and everything the features XML carries (bundles, configurations,
 * configuration files, libraries, repositories, feature dependencies, feature names, start levels), so that an
 * application release stays inside its confinement: see {@link Distribution}. An archive without a checksum
 * manifest (a plain KAR) passes as {@linkplain ReleaseArchive#sealed() unsealed} unless the {@link Sealing} or the
 * {@link SignaturePolicy} requires it. Writes nothing. Thread-safe.
 */
public final class ArchiveInspector {

    private final ArchiveLimits limits;
    private final SignatureVerifier signatures;
    private final boolean sealedRequired;
    private final boolean signaturesRequired;
    private final FeaturesXml featuresXml;
    private final Distribution distribution;

    /**
     * An inspector for a distribution that offers nothing to releases: {@link Distribution#offeringNothing()}.
     *
     * @param limits    size and entry limits
     * @param signature whether archives must be signed, and by whom
     * @param xsds      for a features namespace, Karaf's XSD for it (empty if unknown)
     */
    public ArchiveInspector(ArchiveLimits limits, SignaturePolicy signature, Function<String, Optional<URL>> xsds) {
        this(limits, signature, xsds, Distribution.offeringNothing());
    }

    /**
     * An inspector that accepts unsealed archives ({@link Sealing#OPTIONAL}) unless signatures are required.
     *
     * @param limits       size and entry limits
     * @param signature    whether archives must be signed, and by whom
     * @param xsds         for a features namespace, Karaf's XSD for it (empty if unknown)
     * @param distribution the repositories and features a release may refer to, and the platform's feature names
     */
    public ArchiveInspector(ArchiveLimits limits, SignaturePolicy signature, Function<String, Optional<URL>> xsds,
            Distribution distribution) {
        this(limits, signature, Sealing.OPTIONAL, xsds, distribution);
    }

    /**
     * @param limits       size and entry limits
     * @param signature    whether archives must be signed, and by whom; a required signature requires a seal too
     * @param sealing      whether archives must carry a checksum manifest
     * @param xsds         for a features namespace, Karaf's XSD for it (empty if unknown)
     * @param distribution the repositories and features a release may refer to, and the platform's feature names
     */
    public ArchiveInspector(ArchiveLimits limits, SignaturePolicy signature, Sealing sealing,
            Function<String, Optional<URL>> xsds, Distribution distribution) {
        this.limits = requireNonNull(limits, "limits");
        this.signatures = new SignatureVerifier(requireNonNull(signature, "signature"));
        this.sealedRequired = requireNonNull(sealing, "sealing") == Sealing.REQUIRED;
        this.signaturesRequired = signature.required();
        this.featuresXml = new FeaturesXml(xsds);
        this.distribution = requireNonNull(distribution, "distribution");
    }

    /**
     * @param file            the release archive (a KAR)
     * @param displayName     the archive as the operator named it, for messages
     * @param distributionHas whether the distribution's own repository ({@code system/}) holds a {@code mvn:} URL
     * @return the inspected archive, ready to {@link ReleaseArchive#extractTo extract}
     * @throws ArchiveRejectedException the first check the archive fails, in the order of the reasons; for what the
     *                                  features XML carries, in the order {@link ReleaseConfinement} documents,
     *                                  FORBIDDEN_ELEMENT for anything beyond the application's confinement;
     *                                  MISSING_CHECKSUMS, with how to seal it, for an unsealed archive when sealed
     *                                  archives or signatures are required
     * @throws IOException              if the file cannot be read
     */
    public ReleaseArchive inspect(Path file, String displayName, Predicate<String> distributionHas)
            throws IOException, ArchiveRejectedException {
        requireNonNull(distributionHas, "distributionHas");
        List<String> names = ZipChecks.entryNames(file, displayName, limits, true);
        Map<String, String> digests = EntryDigests.read(file, names, displayName, limits);
        Optional<String> signer = signatures.verify(file, names, displayName);
        try (ZipFile zip = EntryDigests.open(file, displayName)) {
            boolean sealed = digests.containsKey(EntryNames.CHECKSUMS);
            if (sealed) {
                ChecksumManifest.parse(ReleaseFeatures.read(zip, EntryNames.CHECKSUMS), displayName)
                        .verify(digests, displayName);
            } else if (signaturesRequired) {
                throw unsealed(displayName, "a signed release must be sealed before it is signed (requireSignatures"
                        + " = true): " + Sealing.hint(displayName) + ", then sign it");
            } else if (sealedRequired) {
                throw unsealed(displayName, "sealed archives are required (requireSealed = true): "
                        + Sealing.hint(displayName));
            }
            String entry = ReleaseFeatures.locate(zip, digests, displayName);
            FeaturesRepository repository = featuresXml.parse(entry, ReleaseFeatures.read(zip, entry), displayName);
            List<ArchivedFeature> features = ReleaseConfinement.check(entry, repository, digests, distributionHas,
                    distribution, displayName);
            Map<String, String> repositoryEntries = new TreeMap<>(digests);
            repositoryEntries.keySet().removeIf(name -> !name.startsWith(EntryNames.REPOSITORY));
            RepositoryEntries.check(zip, entry, features, repositoryEntries.keySet(), displayName);
            String url = featuresUrl(entry, displayName);
            return new ReleaseArchive(file, displayName, ZipChecks.sha256(file), entry, url, repository.name(),
                    features, repositoryEntries, signer, sealed);
        }
    }

    /**
     * Inspects a plain bundle jar: the same zip, size and signature checks as a release archive, no checksum
     * manifest, and a manifest with a {@code Bundle-SymbolicName}.
     *
     * @throws ArchiveRejectedException the first check the jar fails; NOT_AN_UPGRADE if it is not a bundle
     * @throws IOException              if the file cannot be read
     */
    public BundleJar inspectBundle(Path jar, String displayName) throws IOException, ArchiveRejectedException {
        List<String> names = ZipChecks.entryNames(jar, displayName, limits, false);
        EntryDigests.read(jar, names, displayName, limits);
        signatures.verify(jar, names, displayName);
        Manifest manifest = null;
        try (ZipFile zip = EntryDigests.open(jar, displayName)) {
            if (zip.getEntry(JarFile.MANIFEST_NAME) != null) {
                manifest = new Manifest(new ByteArrayInputStream(ReleaseFeatures.read(zip, JarFile.MANIFEST_NAME)));
            }
        } catch (IOException e) {
            throw notABundle(displayName, "its manifest cannot be read: " + e.getMessage());
        }
        if (manifest == null) {
            throw notABundle(displayName, "it has no " + JarFile.MANIFEST_NAME);
        }
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<Object, Object> header : manifest.getMainAttributes().entrySet()) {
            headers.put(((Attributes.Name) header.getKey()).toString(), String.valueOf(header.getValue()));
        }
        String symbolicName = headers.getOrDefault("Bundle-SymbolicName", "").split(";", 2)[0].strip();
        if (symbolicName.isEmpty()) {
            throw notABundle(displayName, "its manifest has no Bundle-SymbolicName");
        }
        String version = headers.getOrDefault("Bundle-Version", "").strip();
        return new BundleJar(jar, ZipChecks.sha256(jar), symbolicName, version.isEmpty() ? "0.0.0" : version,
                headers);
    }

    private static String featuresUrl(String entry, String displayName) throws ArchiveRejectedException {
        try {
            return MavenPath.fromRepositoryPath(entry.substring(EntryNames.REPOSITORY.length())).url();
        } catch (IllegalArgumentException e) {
            throw new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES, "features XML "
                    + EntryNames.quote(entry) + " is not laid out as a Maven artifact, so it has no mvn: URL");
        }
    }

    private static ArchiveRejectedException unsealed(String displayName, String why) {
        return new ArchiveRejectedException(displayName, Reason.MISSING_CHECKSUMS, displayName
                + " has no checksum manifest " + EntryNames.CHECKSUMS + ", and " + why);
    }

    private static ArchiveRejectedException notABundle(String displayName, String why) {
        return new ArchiveRejectedException(displayName, Reason.NOT_AN_UPGRADE,
                displayName + " is not an OSGi bundle: " + why);
    }
}
