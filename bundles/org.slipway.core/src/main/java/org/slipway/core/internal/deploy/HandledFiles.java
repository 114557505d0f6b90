package org.slipway.core.internal.deploy;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

import org.slipway.core.internal.deploy.DeployFolder.Snapshot;
import org.slipway.core.internal.engine.DurableFiles;

/**
 * The deploy folder's files that were handled but are still there: by name, each with the {@link Snapshot} it had
 * when it was deployed. Kept in a file of lines {@code name<TAB>size<TAB>modified<TAB>key}, the name
 * URL-encoded, written durably, so that
 * neither the next scan nor a restart deploys such a file again. Not thread-safe.
 */
final class HandledFiles {

    private final Path folder;
    private final Map<String, Snapshot> files;
    private boolean changed;

    private HandledFiles(Path folder, Map<String, Snapshot> files) {
        this.folder = folder;
        this.files = files;
    }

    /** Reads the record; lines it cannot read are dropped (the worst that follows is one more deploy of a file). */
    static HandledFiles read(Path record, Path folder) throws IOException {
        Map<String, Snapshot> files = new TreeMap<>();
        if (Files.exists(record)) {
            for (String line : DurableFiles.lines(record)) {
                String[] fields = line.split("\t", -1);
                if (fields.length == 4) {
                    try {
                        files.put(URLDecoder.decode(fields[0], StandardCharsets.UTF_8),
                                new Snapshot(Long.parseLong(fields[1]), FileTime.from(Instant.parse(fields[2])),
                                        fields[3]));
                    } catch (IllegalArgumentException | DateTimeParseException e) {
                        // not ours: dropped
                    }
                }
            }
        }
        return new HandledFiles(folder, files);
    }

    /** Forgets every file that is gone from the folder or changed since it was handled. */
    void retainPresent(Map<Path, Snapshot> present) {
        changed |= files.entrySet().removeIf(e -> !e.getValue().equals(present.get(folder.resolve(e.getKey()))));
    }

    boolean contains(Path file, Snapshot snapshot) {
        return snapshot != null && snapshot.equals(files.get(file.getFileName().toString()));
    }

    void add(Path file, Snapshot snapshot) {
        changed |= !snapshot.equals(files.put(file.getFileName().toString(), snapshot));
    }

    void remove(Path file) {
        changed |= files.remove(file.getFileName().toString()) != null;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Writes the record when it changed; an empty record is deleted. */
    void write(Path record) throws IOException {
        if (!changed) {
            return;
        }
        if (files.isEmpty()) {
            DurableFiles.delete(record);
        } else {
            StringBuilder lines = new StringBuilder();
            files.forEach((name, s) -> lines.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('\t')
                    .append(s.size()).append('\t').append(s.modified().toInstant()).append('\t').append(s.key())
                    .append('\n'));
            DurableFiles.replace(record, lines.toString());
        }
        changed = false;
    }

    @Override
    public String toString() {
        return String.join(", ", files.keySet());
    }
}
