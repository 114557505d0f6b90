package org.slipway.core.internal.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.slipway.api.HistoryEntry;
import org.slipway.api.HistoryEntry.Action;
import org.slipway.api.UpgradeResult.Outcome;

public class JournalTest {

    private static final Instant T0 = Instant.parse("2026-11-26T07:12:02.123Z");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path dir;
    private Journal journal;

    @Before
    public void setUp() throws IOException {
        dir = folder.newFolder("slipway").toPath();
        journal = new Journal(dir);
    }

    private JournalRecord first(String id) {
        return new JournalRecord(id, T0, Action.UPGRADE, "greeter", "1.0.0", "1.1.0", JournalState.APPLYING, null,
                Map.of("greeter.impl/counter", "{\"count\": 3}\n"));
    }

    private static HistoryEntry entry(String id, String feature, Outcome outcome, String cause) {
        return new HistoryEntry(id, T0, Action.UPGRADE, feature, "1.0.0", "1.1.0", outcome, cause);
    }

    @Test
    public void thePayloadIsWrittenOnceWithTheFirstRecordAndReadBackWithEveryRecord() throws IOException {
        String id = journal.newId(T0, "greeter");
        JournalRecord applying = first(id);
        journal.begin(applying);
        journal.append(applying.next(JournalState.APPLIED, T0.plusSeconds(1), null));
        journal.append(applying.next(JournalState.VERIFYING, T0.plusSeconds(2), null));

        List<String> lines = Files.readAllLines(dir.resolve("journal").resolve(id + ".jsonl"), UTF_8);
        assertEquals(3, lines.size());
        assertEquals("the state is written once", 1, lines.stream().filter(l -> l.contains("count")).count());
        assertEquals(applying.payload(), journal.pending().orElseThrow().payload());
    }

    @Test
    public void journalFilesOfAllButTheLatestChangesArePrunedWhenAChangeEnds() {
        for (int i = 0; i < Journal.KEPT_CHANGES + 5; i++) {
            String id = journal.newId(T0.plusSeconds(i), "greeter");
            JournalRecord applying = first(id);
            journal.begin(applying);
            journal.finish(applying.next(JournalState.COMMITTED, T0.plusSeconds(i), null),
                    entry(id, "greeter", Outcome.COMMITTED, null));
        }
        assertEquals(Journal.KEPT_CHANGES, dir.resolve("journal").toFile().list().length);
        assertTrue("the oldest is gone", journal.records(journal.history("greeter").get(0).id()).isEmpty());
        assertEquals("the history keeps every outcome", Journal.KEPT_CHANGES + 5, journal.history("greeter").size());
    }

    @Test
    public void recordsRoundTripWithTheirPayload() {
        String id = journal.newId(T0, "greeter");
        assertEquals("20261126-071202-123-greeter", id);
        JournalRecord applying = first(id);
        JournalRecord failing = applying.next(JournalState.ROLLING_BACK, T0.plusSeconds(1), "boom \"quoted\"\n");
        journal.begin(applying);
        journal.append(failing);
        assertEquals(List.of(applying, failing), journal.records(id));
        assertEquals(Optional.of(failing), journal.pending());
        assertTrue(Files.exists(dir.resolve("journal").resolve(id + ".jsonl")));
    }

    @Test
    public void currentNamesTheChangeInFlightUntilItEnds() throws IOException {
        JournalRecord applying = first(journal.newId(T0, "greeter"));
        assertEquals(Optional.empty(), journal.pending());
        journal.begin(applying);
        assertEquals(applying.id(), Files.readString(dir.resolve("current")).trim());
        assertFalse("the temporary file was renamed", Files.exists(dir.resolve("current.tmp")));

        JournalRecord committed = applying.next(JournalState.COMMITTED, T0.plusSeconds(2), null);
        journal.finish(committed, entry(applying.id(), "greeter", Outcome.COMMITTED, null));
        assertFalse(Files.exists(dir.resolve("current")));
        assertEquals(Optional.empty(), journal.pending());
        assertEquals(List.of(applying, committed), journal.records(applying.id()));
        assertEquals(1, journal.history("greeter").size());
    }

    @Test
    public void tornLastLineIsIgnoredAndTheNextAppendStaysReadable() throws IOException {
        JournalRecord applying = first(journal.newId(T0, "greeter"));
        journal.begin(applying);
        Path file = dir.resolve("journal").resolve(applying.id() + ".jsonl");
        String whole = Json.write(applying.next(JournalState.APPLIED, T0, null).toFields());
        // a crash in the middle of a write, even in the middle of a multi-byte character
        byte[] torn = (whole.substring(0, 40) + "\u00e9").getBytes(UTF_8);
        Files.write(file, java.util.Arrays.copyOf(torn, torn.length - 1), StandardOpenOption.APPEND);

        assertEquals(List.of(applying), journal.records(applying.id()));
        assertEquals(Optional.of(applying), journal.pending());

        JournalRecord rolling = applying.next(JournalState.ROLLING_BACK, T0, "JVM stopped");
        journal.append(rolling);
        assertEquals(List.of(applying, rolling), journal.records(applying.id()));
    }

    @Test
    public void historyKeepsTheOrderFiltersByFeatureAndSkipsATornLine() throws IOException {
        journal.appendHistory(entry("1", "greeter", Outcome.COMMITTED, null));
        journal.appendHistory(entry("2", "shop", Outcome.ROLLED_BACK, "boom"));
        journal.appendHistory(entry("3", "greeter", Outcome.ROLLBACK_FAILED, "boom; going back failed: bang"));
        Files.writeString(dir.resolve("history.jsonl"), "{\"id\":\"4\",\"ti", StandardOpenOption.APPEND);

        assertEquals(List.of("1", "2", "3"), journal.history(null).stream().map(HistoryEntry::id).toList());
        assertEquals(List.of("1", "3"), journal.history("greeter").stream().map(HistoryEntry::id).toList());
        assertEquals(entry("3", "greeter", Outcome.ROLLBACK_FAILED, "boom; going back failed: bang"),
                journal.history("greeter").get(1));
        assertEquals(List.of(), journal.history("nope"));

        journal.appendHistory(entry("5", "greeter", Outcome.COMMITTED, null));
        assertEquals(List.of("1", "3", "5"), journal.history("greeter").stream().map(HistoryEntry::id).toList());
    }

    @Test
    public void newIdsAreUniqueEvenAtTheSameInstant() {
        String a = journal.newId(T0, "greeter");
        journal.begin(first(a));
        String b = journal.newId(T0, "greeter");
        assertNotEquals(a, b);
        assertEquals(a + "-2", b);
        assertEquals("20261126-071202-123-my_feature_..", journal.newId(T0, "my feature/.."));
    }

    @Test
    public void anEmptyDirectoryHasNoPendingChangeAndNoHistory() {
        Journal fresh = new Journal(dir.resolve("not-yet-created"));
        assertEquals(Optional.empty(), fresh.pending());
        assertEquals(List.of(), fresh.history(null));
        assertEquals(List.of(), fresh.records("nothing"));
    }
}
