package org.slipway.api;

/**
 * An upgrade or rollback failed after changing the system. {@link #getResult()} tells whether the release
 * that was running is running again ({@link UpgradeResult.Outcome#ROLLED_BACK}) or not
 * ({@link UpgradeResult.Outcome#ROLLBACK_FAILED}).
 */
public class UpgradeFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient UpgradeResult result;

    public UpgradeFailedException(UpgradeResult result) {
        super(result.summary());
        this.result = result;
    }

    public UpgradeResult getResult() {
        return result;
    }
}
