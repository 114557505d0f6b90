package org.slipway.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slipway.api.HistoryEntry;
import org.slipway.api.UpgradeResult;

/**
 * The crash-safe write-ahead journal, under a directory of its own:
 * <ul>
 * <li>{@code journal/<id>.jsonl}: one append-only file per change, one JSON object per step;</li>
 * <li>{@code current}: the id of the change in flight, replaced atomically, removed when the change ends;</li>
 * <li>{@code history.jsonl}: every outcome, appended.</li>
 * </ul>
 * Every write is forced to the disk before the method returns. A line cut short by a crash is skipped on
 * reading. Thread-safe; I/O failures are thrown as {@link UncheckedIOException} naming the file.
 */
public final class Journal {

    /** How many changes keep their journal file; older ones are deleted when a change ends. */
    public static final int KEPT_CHANGES = 100;

    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Path changes;
    private final Path current;
    private final Path history;
    private final String environment;

    /** @param directory where the journal lives, e.g. {@code <karaf.data>/slipway}; created when needed */
    public Journal(Path directory) {
        this(directory, null);
    }

    /**
     * @param environment the environment the instance runs in, recorded with every outcome that names none;
     *                    {@code null} for none
     */
    public Journal(Path directory, String environment) {
        this.environment = environment == null || environment.isBlank() ? null : environment.trim(); // as the shell shows it
        this.directory = directory;
        this.changes = directory.resolve("journal");
        this.current = directory.resolve("current");
        this.history = directory.resolve("history.jsonl");
    }

    /** @return the directory the journal lives in */
    public Path directory() {
        return directory;
    }

    /** @return a new change id, e.g. {@code 20261126-071202-123-greeter}, not used by any change yet */
    public synchronized String newId(Instant time, String feature) {
        String base = ID_TIME.format(time) + "-" + feature.replaceAll("[^A-Za-z0-9._-]", "_");
        String id = base;
        for (int n = 2; Files.exists(file(id)); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** Starts a change: writes its first record to a new journal file, then names it in {@code current}. */
    public synchronized void begin(JournalRecord first) {
        io(changes, () -> {
            Files.createDirectories(changes);
            DurableFiles.forceDirectory(directory);
            DurableFiles.appendLine(file(first.id()), Json.write(first.toFields()), true);
            DurableFiles.replace(current, first.id() + "\n");
        });
    }

    /**
     * Records the next step of a change. The payload (application state included, which may be large) is
     * written once, with the change's first record ({@link #begin}); later records are written without it and
     * read back with the first one's ({@link #records(String)}).
     */
    public synchronized void append(JournalRecord record) {
        String line = Json.write(record.withPayload(Map.of()).toFields());
        io(file(record.id()), () -> DurableFiles.appendLine(file(record.id()), line, false));
    }

    /** Ends a change: records its last step, appends its outcome to the history, clears {@code current}. */
    public synchronized void finish(JournalRecord last, HistoryEntry outcome) {
        append(last);
        appendHistory(outcome);
        clearCurrent();
        prune(last.id());
    }

    /**
     * Deletes the journal files of all but the {@link #KEPT_CHANGES} latest changes (ids begin with their time,
     * so they sort by age); the history keeps every outcome. A file that cannot be deleted stays.
     */
    private void prune(String keep) {
        try (java.util.stream.Stream<Path> files = Files.list(changes)) {
            List<Path> all = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
            for (Path old : all.subList(0, Math.max(0, all.size() - KEPT_CHANGES))) {
                if (!old.equals(file(keep))) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException e) {
            // pruning is housekeeping: the change it follows has ended and is recorded
        }
    }

    /** Appends one outcome to {@code history.jsonl}. */
    public synchronized void appendHistory(HistoryEntry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", entry.id());
        fields.put("time", entry.time().toString());
        fields.put("action", entry.action().name());
        fields.put("feature", entry.feature());
        fields.put("from", entry.from());
        fields.put("to", entry.to());
        fields.put("outcome", entry.outcome().name());
        fields.put("cause", entry.cause());
        fields.put("environment", entry.environment() != null ? entry.environment() : environment);
        io(history, () -> {
            Files.createDirectories(directory);
            DurableFiles.appendLine(history, Json.write(fields), false);
        });
    }

    /** Removes {@code current}: no change is in flight. */
    public synchronized void clearCurrent() {
        io(current, () -> DurableFiles.delete(current));
    }

    /** @return the last record of the change {@code current} names, if any: a change that did not end */
    public synchronized Optional<JournalRecord> pending() {
        List<String> named = read(current, () -> DurableFiles.lines(current));
        if (named.isEmpty()) {
            return Optional.empty();
        }
        List<JournalRecord> records = records(named.get(0).trim());
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
    }

    /** @return every readable record of change {@code id}, oldest first; empty when there is none */
    public synchronized List<JournalRecord> records(String id) {
        List<JournalRecord> records = new ArrayList<>();
        for (String line : read(file(id), () -> DurableFiles.lines(file(id)))) {
            try {
                JournalRecord record = JournalRecord.fromFields(Json.read(line));
                if (!records.isEmpty()) { // written without the payload, which the first record carries
                    Map<String, String> payload = new LinkedHashMap<>(records.get(0).payload());
                    payload.putAll(record.payload()); // a journal written before the payload was written once
                    record = record.withPayload(payload);
                }
                records.add(record);
            } catch (IllegalArgumentException e) {
                // cut short by a crash: the step it started to record never happened as far as we know
            }
        }
        return records;
    }

    /** @return the outcomes of {@code feature}, or of every feature when {@code null}, oldest first */
    public synchronized List<HistoryEntry> history(String feature) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (String line : read(history, () -> DurableFiles.lines(history))) {
            try {
                Map<String, String> f = Json.read(line);
                HistoryEntry entry = new HistoryEntry(f.get("id"), Instant.parse(f.get("time")),
                        HistoryEntry.Action.valueOf(f.get("action")), f.get("feature"), f.get("from"), f.get("to"),
                        UpgradeResult.Outcome.valueOf(f.get("outcome")), f.get("cause"), f.get("environment"));
                if (feature == null || feature.equals(entry.feature())) {
                    entries.add(entry);
                }
            } catch (RuntimeException e) {
                // a line cut short by a crash, or not ours: skipped
            }
        }
        return entries;
    }

    private Path file(String id) {
        return changes.resolve(id + ".jsonl");
    }

    private interface Write {
        void run() throws IOException;
    }

    private interface Read<T> {
        T run() throws IOException;
    }

    private static void io(Path file, Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Slipway journal at " + file + ": " + e, e);
        }
    }

    private static <T> T read(Path file, Read<T> read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Slipway journal at " + file + ": " + e, e);
        }
    }
}
