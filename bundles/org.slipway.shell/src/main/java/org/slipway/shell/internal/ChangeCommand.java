package org.slipway.shell.internal;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;
import org.slipway.api.UpgradeRequest;

/**
 * The options every changing command shares: simulate, verification timeout, JSON, and the outcome line
 * bin/slipway reads. Karaf's command processing collects the {@code @Option}s of superclasses too.
 */
abstract class ChangeCommand implements Action {

    @Option(name = "-t", aliases = "--simulate", description = "Check and show the plan; change nothing")
    boolean simulate;

    @Option(name = "--timeout", description = "Seconds verification may take (default 30)")
    int timeout = (int) UpgradeRequest.DEFAULT_TIMEOUT.toSeconds();

    @Option(name = "--config", description = "For a configuration key both the operator and the release changed:"
            + " ours (keep the operator's value) or theirs (take the release's); without it, such a change is refused")
    String config;

    @Option(name = "--json", description = "Print the result as JSON")
    boolean json;

    @Option(name = "--outcome-line", description = "End with a line 'slipway-outcome: OUTCOME' (for bin/slipway)")
    boolean outcomeLine;

    Duration timeout() {
        return Duration.ofSeconds(timeout);
    }

    @Reference
    BundleContext context;

    Printer printer() {
        return new Printer(System.out, json, outcomeLine, new StepWatch(context));
    }

    /** @return the choice {@code --config} names; {@link org.slipway.api.ConfigurationChoice#MERGE} when absent */
    static org.slipway.api.ConfigurationChoice configuration(String option) {
        if (option == null || option.isBlank()) {
            return org.slipway.api.ConfigurationChoice.MERGE;
        }
        return switch (option.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ours" -> org.slipway.api.ConfigurationChoice.OURS;
            case "theirs" -> org.slipway.api.ConfigurationChoice.THEIRS;
            default -> throw new IllegalArgumentException("--config takes ours or theirs, not \"" + option + "\"");
        };
    }
}
