package org.slipway.api;

/**
 * Another upgrade or rollback is running; only one runs at a time.
 */
public class UpgradeInProgressException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String running;

    /** @param running the change in progress, e.g. {@code "greeter 1.0.0 -> 1.1.0"} */
    public UpgradeInProgressException(String running) {
        super("Another upgrade is in progress (" + running + "); try again when it has finished.");
        this.running = running;
    }

    public String getRunning() {
        return running;
    }
}
