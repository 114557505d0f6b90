package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The outcome of an upgrade or rollback.
 *
 * @param outcome what happened
 * @param plan    the plan that was (or, when simulated, would have been) applied
 * @param running the version of the feature running at the end, or {@code null} when none is
 * @param cause   why the change failed, for {@link Outcome#ROLLED_BACK} and
 *                {@link Outcome#ROLLBACK_FAILED}; else {@code null}
 * @param elapsed wall time from the request to the outcome
 */
public record UpgradeResult(Outcome outcome, Plan plan, String running, String cause, Duration elapsed) {

    /** What happened to a request. */
    public enum Outcome {
        /** The target version was already running. */
        NO_CHANGES,
        /** Checked and planned only. */
        SIMULATED,
        /** Applied, verified and committed. */
        COMMITTED,
        /** Failed after a change and went back to the release that was running, verified. */
        ROLLED_BACK,
        /** Failed, and going back failed too: the journal says so and the system needs an operator. */
        ROLLBACK_FAILED,
        /** Refused before any change; appears in the history only, for deployed archives. */
        REFUSED
    }

    public UpgradeResult {
        requireNonNull(outcome, "outcome");
        requireNonNull(plan, "plan");
        requireNonNull(elapsed, "elapsed");
    }

    /** The feature the result is about. */
    public String feature() {
        return plan.feature();
    }

    /** The one-line summary an operator reads. */
    public String summary() {
        String target = plan.feature() + " " + (plan.from() == null ? "(none)" : plan.from()) + " -> " + plan.to();
        return switch (outcome) {
            case NO_CHANGES -> "No changes: " + plan.feature() + " " + plan.to() + " is already running.";
            case SIMULATED -> "Simulated " + target + ": nothing was changed.";
            case COMMITTED -> "Upgraded " + target + " in " + elapsed.toMillis() + " ms; "
                    + plan.feature() + " " + running + " is running.";
            case ROLLED_BACK -> "Upgrade of " + target + " failed (" + cause + ") and was rolled back; "
                    + (running == null ? "no release of " + plan.feature() + " is installed."
                            : plan.feature() + " " + running + " is running.");
            case ROLLBACK_FAILED -> "Upgrade of " + target + " failed (" + cause
                    + ") and the rollback failed too; " + plan.feature() + " is in an unknown state: "
                    + "see release:history and data/slipway/journal.";
            case REFUSED -> "Refused " + target + ": " + cause + " Nothing was changed.";
        };
    }
}
