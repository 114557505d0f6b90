package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One upgrade, rollback or crash recovery, as recorded in the journal.
 *
 * @param id      the journal id of the change
 * @param time    when it ended
 * @param action  what was asked for
 * @param feature the feature
 * @param from    the version running before, or {@code null} when none was
 * @param to      the version asked for
 * @param outcome how it ended
 * @param cause   why it failed or was refused, or {@code null}
 */
public record HistoryEntry(String id, Instant time, Action action, String feature, String from, String to,
        UpgradeResult.Outcome outcome, String cause) {

    /** What was asked for. */
    public enum Action {
        UPGRADE, ROLLBACK, RECOVERY,
        /** A release archive deployed: an upgrade, or a refusal recorded with outcome REFUSED. */
        DEPLOY
    }

    public HistoryEntry {
        requireNonNull(id, "id");
        requireNonNull(time, "time");
        requireNonNull(action, "action");
        requireNonNull(feature, "feature");
        requireNonNull(to, "to");
        requireNonNull(outcome, "outcome");
    }
}
