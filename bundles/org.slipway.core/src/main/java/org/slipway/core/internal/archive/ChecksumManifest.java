package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * {@code META-INF/slipway-checksums.sha256}: one line per file entry outside {@code META-INF/}, in
 * {@code sha256sum} format ({@code <64 lowercase hex><two spaces><entry name>\n}).
 *
 * @param digests entry name to lowercase hex SHA-256, sorted by name
 */
record ChecksumManifest(Map<String, String> digests) {

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

    ChecksumManifest {
        digests = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(digests, "digests")));
    }

    /**
     * @throws ArchiveRejectedException MISSING_CHECKSUMS for a malformed line or a name listed twice, naming the
     *                                  line number
     */
    static ChecksumManifest parse(byte[] content, String displayName) throws ArchiveRejectedException {
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text = text + "\n";
        }
        Map<String, String> digests = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            Matcher line = LINE.matcher(lines[i]);
            if (!line.matches()) {
                throw malformed(displayName, i + 1, "is not \"<sha256>  <entry name>\": "
                        + EntryNames.quote(lines[i]));
            }
            if (digests.put(line.group(2), line.group(1)) != null) {
                throw malformed(displayName, i + 1, "lists entry " + EntryNames.quote(line.group(2)) + " again");
            }
        }
        return new ChecksumManifest(digests);
    }

    /**
     * Compares the manifest with the archive's actual digests.
     *
     * @param actual every file entry of the archive and its SHA-256
     * @throws ArchiveRejectedException MISSING_CHECKSUMS for a file entry outside {@code META-INF/} the manifest
     *                                  does not list, CHECKSUM_MISMATCH for a listed entry that is absent or
     *                                  whose digest differs
     */
    void verify(Map<String, String> actual, String displayName) throws ArchiveRejectedException {
        for (Map.Entry<String, String> entry : new TreeMap<>(actual).entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(EntryNames.META_INF)) {
                continue;
            }
            String expected = digests.get(name);
            if (expected == null) {
                throw new ArchiveRejectedException(displayName, Reason.MISSING_CHECKSUMS, "entry "
                        + EntryNames.quote(name) + " is not listed in " + EntryNames.CHECKSUMS);
            }
            if (!expected.equals(entry.getValue())) {
                throw new ArchiveRejectedException(displayName, Reason.CHECKSUM_MISMATCH, "entry "
                        + EntryNames.quote(name) + " has SHA-256 " + entry.getValue()
                        + " but the checksum manifest says " + expected);
            }
        }
        for (String name : new TreeMap<>(digests).keySet()) {
            if (!actual.containsKey(name)) {
                throw new ArchiveRejectedException(displayName, Reason.CHECKSUM_MISMATCH, "entry "
                        + EntryNames.quote(name) + " is listed in " + EntryNames.CHECKSUMS
                        + " but is not in the archive");
            }
        }
    }

    private static ArchiveRejectedException malformed(String displayName, int line, String why) {
        return new ArchiveRejectedException(displayName, Reason.MISSING_CHECKSUMS,
                EntryNames.CHECKSUMS + " line " + line + " " + why);
    }
}
