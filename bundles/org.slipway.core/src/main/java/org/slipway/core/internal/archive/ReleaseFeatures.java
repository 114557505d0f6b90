package org.slipway.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Finds a release archive's one features XML under {@code repository/} and checks that every bundle its
 * features name is in the archive or in the distribution's repository.
 */
final class ReleaseFeatures {

    private ReleaseFeatures() {
    }

    /**
     * @param digests the archive's file entries
     * @return the entry name of the only {@code .xml} under {@code repository/} whose root is {@code <features>}
     *         (an XML whose root cannot be read counts, so that it is reported with its parse error)
     * @throws ArchiveRejectedException INVALID_FEATURES if there is none or more than one
     */
    static String locate(ZipFile zip, Map<String, String> digests, String displayName)
            throws IOException, ArchiveRejectedException {
        List<String> found = new ArrayList<>();
        for (String name : digests.keySet()) {
            if (name.startsWith(EntryNames.REPOSITORY) && name.endsWith(".xml")
                    && SecureXml.rootElement(read(zip, name)).map("features"::equals).orElse(true)) {
                found.add(name);
            }
        }
        if (found.isEmpty()) {
            throw new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES,
                    displayName + " contains no features XML under repository/");
        }
        if (found.size() > 1) {
            throw new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES,
                    displayName + " contains " + found.size() + " features XMLs: " + String.join(", ", found));
        }
        return found.get(0);
    }

    /**
     * @param digests         the archive's file entries
     * @param distributionHas whether the distribution's own repository holds a {@code mvn:} URL
     * @throws ArchiveRejectedException INVALID_FEATURES for a bundle location that is not a plain {@code mvn:}
     *                                  URL, MISSING_BUNDLE for a bundle found nowhere
     */
    static void checkBundles(List<ArchivedFeature> features, Map<String, String> digests,
            Predicate<String> distributionHas, String displayName) throws ArchiveRejectedException {
        for (ArchivedFeature feature : features) {
            for (String location : feature.bundleLocations()) {
                MavenPath path;
                try {
                    path = MavenPath.parse(location);
                } catch (IllegalArgumentException e) {
                    throw new ArchiveRejectedException(displayName, Reason.INVALID_FEATURES, "feature " + feature
                            + " names bundle " + EntryNames.quote(location) + ", which is not a plain mvn: URL");
                }
                if (!digests.containsKey(EntryNames.REPOSITORY + path.repositoryPath())
                        && !distributionHas.test(location)) {
                    throw new ArchiveRejectedException(displayName, Reason.MISSING_BUNDLE, "feature " + feature
                            + " names bundle " + location
                            + ", found neither in the archive nor in the distribution's repository");
                }
            }
        }
    }

    /** @return the entry's bytes; its size was bounded when the archive was first read */
    static byte[] read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
