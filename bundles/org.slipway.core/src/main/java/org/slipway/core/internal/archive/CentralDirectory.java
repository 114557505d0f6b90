package org.slipway.core.internal.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ArchiveRejectedException.Reason;

/**
 * Reads a zip's central directory byte by byte, to see what {@code java.util.zip} hides: entries stored as
 * symbolic links (unix mode {@code 0120000} in the external attributes) and duplicate names (of which
 * {@code ZipFile} silently shows one). ZIP64 is not supported: a release archive never needs it.
 */
final class CentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int HEADER_SIGNATURE = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int HEADER_SIZE = 46;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_SYMLINK = 0120000;

    private CentralDirectory() {
    }

    /**
     * @return the entry names in central-directory order, each unique and none a symbolic link
     * @throws ArchiveRejectedException CORRUPT if the directory is missing or damaged, TOO_LARGE if it lists more
     *                                  than {@code limits.maxEntries()}, UNSAFE_ENTRY for a symbolic link or a
     *                                  duplicate name
     */
    static List<String> read(Path file, String displayName, ArchiveLimits limits)
            throws IOException, ArchiveRejectedException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int eocd = findEndRecord(tail, tailLength);
            if (eocd < 0) {
                throw corrupt(displayName, "no end of central directory record");
            }
            int count = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long directorySize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long directoryOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (count == 0xFFFF || directoryOffset == 0xFFFFFFFFL) {
                throw corrupt(displayName, "ZIP64 archives are not supported");
            }
            if (count > limits.maxEntries()) {
                throw new ArchiveRejectedException(displayName, Reason.TOO_LARGE, displayName + " has " + count
                        + " entries, over the limit of " + limits.maxEntries() + " entries (maxArchiveEntries)");
            }
            long eocdOffset = size - tailLength + eocd;
            if (directoryOffset + directorySize > eocdOffset || directorySize > Integer.MAX_VALUE) {
                throw corrupt(displayName, "the central directory lies outside the file");
            }
            return entries(read(channel, directoryOffset, (int) directorySize), count, displayName);
        }
    }

    private static List<String> entries(ByteBuffer directory, int count, String displayName)
            throws ArchiveRejectedException {
        List<String> names = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + HEADER_SIZE > directory.limit() || directory.getInt(at) != HEADER_SIGNATURE) {
                throw corrupt(displayName, "central directory entry " + (i + 1) + " of " + count + " is damaged");
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(directory.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(directory.getShort(at + 32));
            int externalAttributes = directory.getInt(at + 38);
            if (at + HEADER_SIZE + nameLength > directory.limit()) {
                throw corrupt(displayName, "central directory entry " + (i + 1) + " of " + count + " is damaged");
            }
            String name = decode(directory, at + HEADER_SIZE, nameLength, displayName);
            if (((externalAttributes >>> 16) & UNIX_TYPE_MASK) == UNIX_SYMLINK) {
                throw new ArchiveRejectedException(displayName, Reason.UNSAFE_ENTRY,
                        "entry " + EntryNames.quote(name) + " is a symbolic link");
            }
            if (!seen.add(name)) {
                throw new ArchiveRejectedException(displayName, Reason.UNSAFE_ENTRY,
                        "entry " + EntryNames.quote(name) + " appears more than once");
            }
            names.add(name);
            at += HEADER_SIZE + nameLength + extraLength + commentLength;
        }
        return names;
    }

    /** @return the offset of the end record whose comment ends exactly at the end of the file, or -1 */
    private static int findEndRecord(ByteBuffer tail, int length) {
        for (int at = length - EOCD_SIZE; at >= 0; at--) {
            if (tail.getInt(at) == EOCD_SIGNATURE
                    && at + EOCD_SIZE + Short.toUnsignedInt(tail.getShort(at + 20)) == length) {
                return at;
            }
        }
        return -1;
    }

    private static String decode(ByteBuffer directory, int offset, int length, String displayName)
            throws ArchiveRejectedException {
        ByteBuffer bytes = directory.duplicate().position(offset).limit(offset + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw corrupt(displayName, "an entry name is not valid UTF-8");
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    private static ArchiveRejectedException corrupt(String displayName, String why) {
        return new ArchiveRejectedException(displayName, Reason.CORRUPT,
                displayName + " is truncated or damaged: " + why);
    }
}
