package org.slipway.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The disk under the instance's data folder, where a change writes its journal and the framework its new bundle
 * revisions: a change starts only with {@code minimum} bytes free, and a reserve file ({@code reserve}, real
 * blocks, not sparse) is kept beside the journal and released when a change finds the disk full, so that going
 * back has room even when something else filled the disk during the change. Plain Java; thread-safe.
 */
public final class DiskSpace {

    static final long MIB = 1024 * 1024;
    static final long MINIMUM = 32 * MIB;
    static final long RESERVE = 8 * MIB;

    private final Path folder;
    private final Path reserve;
    private final long minimum;
    private final long reserveBytes;

    DiskSpace(Path folder, long minimum, long reserveBytes) {
        this.folder = folder;
        this.reserve = folder.resolve("reserve");
        this.minimum = minimum;
        this.reserveBytes = reserveBytes;
    }

    /** @return why a change cannot start here (too little space, a read-only disk); empty when it can */
    synchronized Optional<String> shortage() {
        try {
            Files.createDirectories(folder);
            FileStore store = Files.getFileStore(folder);
            if (store.isReadOnly()) {
                return Optional.of(shown() + " is on a read-only file system (" + store + ")");
            }
            long free = store.getUsableSpace();
            if (free < minimum) {
                return Optional.of(shown() + " has " + mib(free) + " free on " + store + "; a change needs at least "
                        + mib(minimum) + " (the journal, new bundle revisions): free some space and try again");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot tell the free space of " + shown() + ": " + e.getMessage());
        }
    }

    /** Creates the reserve when it is missing and the disk has room for it beyond the minimum; best effort. */
    synchronized void keepReserve() {
        if (reserveBytes <= 0 || Files.exists(reserve)) {
            return;
        }
        Path temp = reserve.resolveSibling(".reserve.tmp");
        try {
            if (Files.getFileStore(folder).getUsableSpace() < minimum + reserveBytes) {
                return;
            }
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer block = ByteBuffer.allocate((int) MIB);
                for (long written = 0; written < reserveBytes; written += MIB) {
                    block.clear();
                    out.write(block);
                }
                out.force(true);
            }
            Files.move(temp, reserve);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the disk is in trouble: the next change's check says so
            }
        }
    }

    /** Deletes the reserve, for a rollback on a full disk. @return whether there was one */
    synchronized boolean release() {
        try {
            return Files.deleteIfExists(reserve);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release " + reserve, e);
        }
    }

    long reserveBytes() {
        return reserveBytes;
    }

    /** @return whether {@code failure} or a cause of it is a full disk or a read-only file system */
    public static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("no space left on device") || message.contains("disk quota exceeded")
                    || message.contains("read-only file system")) {
                return true;
            }
        }
        return false;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MIB);
    }

    private String shown() {
        return folder.toString();
    }
}
