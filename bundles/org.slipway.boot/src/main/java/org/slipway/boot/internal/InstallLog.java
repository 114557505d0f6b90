package org.slipway.boot.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The ids of the bundles the features service installed since the last complete copy of its state: a copy
 * restored after a torn write knows the bundles that were there when it was taken, and a deployment that was cut
 * short had installed more (Karaf saves its state after installing). Those are put back under its management, so
 * that going back uninstalls them instead of leaving a second version beside the old one. One id per line,
 * appended as the framework reports each install (a kill -9 keeps what was written; a power loss may lose the last
 * lines, as it may lose Karaf's own).
 * Thread-safe.
 */
final class InstallLog {

    private final Path file;

    InstallLog(Path file) {
        this.file = file;
    }

    synchronized void add(long id) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, id + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the ids logged; a line that is not an id (cut by a kill) is skipped */
    synchronized Set<Long> ids() {
        Set<Long> ids = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return ids;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.matches("[0-9]{1,18}")) {
                    ids.add(Long.parseLong(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** Forgets the ids that a new complete copy of the state records (or that no longer exist). */
    synchronized void forget(Set<Long> recorded) {
        Set<Long> left = ids();
        if (left.removeAll(recorded)) {
            String text = left.stream().map(id -> id + "\n").collect(Collectors.joining());
            AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
