package org.slipway.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Another upgrade or rollback is running; only one runs at a time.
 */
public class UpgradeInProgressException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String running;
    private final Instant since;

    /** @param running the change in progress, e.g. {@code "greeter 1.0.0 -> 1.1.0"} */
    public UpgradeInProgressException(String running) {
        super("Another upgrade is in progress (" + running + "); try again when it has finished.");
        this.running = running;
        this.since = null;
    }

    /**
     * @param running the change in progress, e.g. {@code "greeter 1.0.0 -> 1.1.0"}
     * @param since   when it started
     * @since 1.2
     */
    public UpgradeInProgressException(String running, Instant since) {
        super("Another change is in progress: " + running + ", since " + since.truncatedTo(ChronoUnit.SECONDS)
                + "; try again when it has finished.");
        this.running = running;
        this.since = since;
    }

    public String getRunning() {
        return running;
    }

    /**
     * @return when the change in progress started, or {@code null} when not known
     * @since 1.2
     */
    public Instant getSince() {
        return since;
    }
}
