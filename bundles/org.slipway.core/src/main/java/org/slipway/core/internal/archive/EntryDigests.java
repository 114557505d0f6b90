package org.slipway.core.internal.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Reads every entry of a zip to its end, checking its CRC-32 and size (which {@code ZipFile} does not) and
 * counting the bytes it expands to (headers are not trusted), and computes each file entry's SHA-256.
 */
final class EntryDigests {

    private static final int BUFFER = 64 * 1024;

    private EntryDigests() {
    }

    /**
     * @param names the entry names as {@link CentralDirectory} read them
     * @return file entry name to lowercase hex SHA-256, sorted by name; directories are left out
     * @throws ArchiveRejectedException CORRUPT if the zip cannot be opened or an entry cannot be read intact,
     *                                  TOO_LARGE if the entries expand to more than the limit
     */
    static Map<String, String> read(Path file, List<String> names, String displayName, ArchiveLimits limits)
            throws IOException, ArchiveRejectedException {
        Map<String, String> digests = new TreeMap<>();
        long[] expanded = {0};
        try (ZipFile zip = open(file, displayName)) {
            for (String name : names) {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null || !entry.getName().equals(name)) {
                    throw damaged(displayName, name, "it is listed but cannot be found");
                }
                String sha256 = digest(zip, entry, displayName, limits, expanded);
                if (!entry.isDirectory()) {
                    digests.put(name, sha256);
                }
            }
        }
        return digests;
    }

    /** @return the zip, opened */
    static ZipFile open(Path file, String displayName) throws IOException, ArchiveRejectedException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ArchiveRejectedException(displayName, Reason.CORRUPT,
                    displayName + " is truncated or damaged: " + e.getMessage());
        }
    }

    private static String digest(ZipFile zip, ZipEntry entry, String displayName, ArchiveLimits limits,
            long[] expanded) throws IOException, ArchiveRejectedException {
        MessageDigest sha256 = sha256();
        CRC32 crc = new CRC32();
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha256.update(buffer, 0, n);
                crc.update(buffer, 0, n);
                size += n;
                expanded[0] += n;
                if (expanded[0] > limits.maxExpandedBytes()) {
                    throw new ArchiveRejectedException(displayName, Reason.TOO_LARGE, displayName
                            + " expands to more than " + limits.maxExpandedBytes() + " bytes (maxExpandedSize),"
                            + " reached while reading entry " + EntryNames.quote(entry.getName()));
                }
            }
        } catch (ZipException | EOFException e) {
            throw damaged(displayName, entry.getName(), e.getMessage());
        }
        if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw damaged(displayName, entry.getName(), "its CRC-32 does not match");
        }
        if (entry.getSize() != -1 && entry.getSize() != size) {
            throw damaged(displayName, entry.getName(), "it holds " + size + " bytes, its header says "
                    + entry.getSize());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** @return a new SHA-256 digest */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static ArchiveRejectedException damaged(String displayName, String name, String why) {
        return new ArchiveRejectedException(displayName, Reason.CORRUPT, displayName + " is truncated or damaged: entry "
                + EntryNames.quote(name) + " cannot be read: " + why);
    }
}
