package org.slipway.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Finds a release archive's one features XML under {@code repository/} and reads entries; what the XML carries
 * is checked by {@link ReleaseConfinement}.
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

    /** @return the entry's bytes; its size was bounded when the archive was first read */
    static byte[] read(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }
}
