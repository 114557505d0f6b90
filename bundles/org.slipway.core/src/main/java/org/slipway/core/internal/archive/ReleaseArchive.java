package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slipway.api.ArchiveRejectedException;

/**
 * A release archive that passed {@link ArchiveInspector#inspect}. Immutable.
 *
 * @param file              the archive
 * @param displayName       the archive as the operator named it, for messages
 * @param sha256            SHA-256 of the whole file, lowercase hex
 * @param featuresEntry     the features XML's entry name, e.g.
 *                          {@code repository/org/slipway/example/greeter/1.1.0/greeter-1.1.0-features.xml}
 * @param featuresUrl       its {@code mvn:} URL, e.g. {@code mvn:org.slipway.example/greeter/1.1.0/xml/features}
 * @param repositoryName    the features repository's name, empty if it has none
 * @param features          the features it defines, in document order
 * @param repositoryEntries every file entry under {@code repository/} and its SHA-256 (lowercase hex), sorted
 * @param signer            the subject of the key that signed the archive, empty if unsigned
 * @param sealed            whether the archive carries a checksum manifest that every entry matched; an unsealed
 *                          archive (a plain KAR) was checked against its zip CRCs only, see {@link #warnings()}
 */
public record ReleaseArchive(Path file, String displayName, String sha256, String featuresEntry, String featuresUrl,
        String repositoryName, List<ArchivedFeature> features, Map<String, String> repositoryEntries,
        Optional<String> signer, boolean sealed) {

    public ReleaseArchive {
        requireNonNull(file, "file");
        requireNonNull(displayName, "displayName");
        requireNonNull(sha256, "sha256");
        requireNonNull(featuresEntry, "featuresEntry");
        requireNonNull(featuresUrl, "featuresUrl");
        requireNonNull(repositoryName, "repositoryName");
        features = List.copyOf(features);
        repositoryEntries = Collections.unmodifiableMap(new TreeMap<>(repositoryEntries));
        requireNonNull(signer, "signer");
    }

    /**
     * Copies every file under {@code repository/} to the same path below {@code system}, all or nothing. Files
     * already there with the same content are left alone. Before writing anything it checks that no target lies
     * outside {@code system} (also through symbolic links) and that no existing file differs; every file is
     * written to a temporary file next to its target, verified against the checksum manifest while being
     * written, and renamed into place atomically. On any failure it deletes what it wrote (files, and folders
     * it created that are empty again) before throwing.
     *
     * @param system the distribution's Maven repository, Karaf's {@code system/}; must exist
     * @return exactly the files this call created, so that deleting them undoes it
     * @throws ArchiveRejectedException UNSAFE_ENTRY if a target would lie outside {@code system}, CONFLICT if a
     *                                  different file is in the way, CHECKSUM_MISMATCH if the archive changed
     *                                  since it was inspected
     * @throws IOException              if writing fails
     */
    public List<Path> extractTo(Path system) throws IOException, ArchiveRejectedException {
        return new Extraction(this, system).run();
    }

    /**
     * The files {@link #extractTo} would create in {@code system}, with the same checks, writing nothing: what a
     * caller records before extracting, so that a stop in the middle leaves nothing it does not know of.
     */
    public List<Path> extractionPlan(Path system) throws IOException, ArchiveRejectedException {
        return new Extraction(this, system).planned();
    }

    /**
     * @return what the operator should know about the archive itself, for the plan of every feature it deploys:
     *         for an unsealed archive, that it is not sealed, what its integrity rests on and how to seal it;
     *         empty for a sealed archive
     */
    public List<String> warnings() {
        if (sealed) {
            return List.of();
        }
        return List.of("Archive " + displayName + " is not sealed (no " + EntryNames.CHECKSUMS + "): its integrity"
                + " rests on " + (signer.isPresent() ? "its signature by " + signer.get() + " and " : "")
                + "zip CRCs only; " + Sealing.hint(displayName));
    }

    @Override
    public String toString() {
        return displayName + " (" + featuresUrl + ", " + features + ")";
    }
}
