package org.slipway.core.internal.engine;

/**
 * The steps of a change as the journal records them. A change that ends in a state other than
 * {@link #COMMITTED}, {@link #ROLLED_BACK} or {@link #ROLLBACK_FAILED} was interrupted and is recovered at
 * the next start.
 */
public enum JournalState {
    /** Checked and planned; nothing changed yet. */
    PLANNED,
    /** The target is being installed: the system may be half-changed. */
    APPLYING,
    /** The target is installed. */
    APPLIED,
    /** The target is installed and being verified. */
    VERIFYING,
    /** Verified and final. */
    COMMITTED,
    /** Going back to the release that was running. */
    ROLLING_BACK,
    /** Back on the release that was running, verified. Final. */
    ROLLED_BACK,
    /** Going back failed too: the system needs an operator. Final. */
    ROLLBACK_FAILED;

    /** @return whether a change in this state has ended */
    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK || this == ROLLBACK_FAILED;
    }
}
