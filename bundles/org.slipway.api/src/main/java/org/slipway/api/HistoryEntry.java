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
 * @param environment the environment the instance ran in ({@code bin/slipway start --env}), or {@code null} for
 *                none (or a journal written before environments)
 */
public record HistoryEntry(String id, Instant time, Action action, String feature, String from, String to,
        UpgradeResult.Outcome outcome, String cause, String environment) {

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

    /** An entry that names no environment (the journal adds the instance's when it records it). */
    public HistoryEntry(String id, Instant time, Action action, String feature, String from, String to,
            UpgradeResult.Outcome outcome, String cause) {
        this(id, time, action, feature, from, to, outcome, cause, null);
    }

    /** @return this entry, ran in {@code value} */
    public HistoryEntry withEnvironment(String value) {
        return new HistoryEntry(id, time, action, feature, from, to, outcome, cause, value);
    }
}
