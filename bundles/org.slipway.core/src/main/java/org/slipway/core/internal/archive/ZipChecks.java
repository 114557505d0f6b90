package org.slipway.core.internal.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * The checks every archive passes before its entries are read: size, zip signature, central directory, entry
 * names.
 */
final class ZipChecks {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int EMPTY_ZIP = 0x06054b50;

    private ZipChecks() {
    }

    /**
     * @param release whether {@code file} is a release archive, whose entries must be under {@code repository/}
     *                or {@code META-INF/}
     * @return the entry names, in central-directory order
     * @throws ArchiveRejectedException TOO_LARGE, NOT_A_ZIP, CORRUPT or UNSAFE_ENTRY
     */
    static List<String> entryNames(Path file, String displayName, ArchiveLimits limits, boolean release)
            throws IOException, ArchiveRejectedException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new ArchiveRejectedException(displayName, Reason.TOO_LARGE, displayName + " is " + size
                    + " bytes, over the limit of " + limits.maxBytes() + " bytes (maxArchiveSize)");
        }
        int signature = signature(file);
        if (signature == EMPTY_ZIP) {
            throw new ArchiveRejectedException(displayName, Reason.NOT_A_ZIP, displayName + " is an empty zip archive");
        }
        if (signature != LOCAL_HEADER) {
            throw new ArchiveRejectedException(displayName, Reason.NOT_A_ZIP, displayName + " is not a zip archive");
        }
        List<String> names = CentralDirectory.read(file, displayName, limits);
        for (String name : names) {
            Optional<String> unsafe = release ? EntryNames.unsafeInRelease(name) : EntryNames.unsafe(name);
            if (unsafe.isPresent()) {
                throw new ArchiveRejectedException(displayName, Reason.UNSAFE_ENTRY, unsafe.get());
            }
        }
        return names;
    }

    /** @return the SHA-256 of the whole file, lowercase hex */
    static String sha256(Path file) throws IOException {
        var digest = EntryDigests.sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** @return the first four bytes, little-endian, or -1 if the file is shorter */
    private static int signature(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                return -1;
            }
            return (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16 | (head[3] & 0xFF) << 24;
        }
    }
}
