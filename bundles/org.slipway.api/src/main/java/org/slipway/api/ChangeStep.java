package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a change as it runs, told to every {@link ChangeListener} and posted on OSGi EventAdmin under
 * {@link #TOPIC_PREFIX}{@code <step>} ({@code org/slipway/change/APPLYING}, ...).
 * <p>
 * Steps, in order: {@code CHECKING} (pre-checks and plan; interrupted by {@code RESOLVING} while the features
 * service's own dry run resolves the target, then {@code CHECKING} again), {@code HOLDING} (new calls held, running ones
 * ending), {@code SNAPSHOT} (application state taken and journaled), {@code APPLYING}, {@code VERIFYING},
 * {@code RESTORING} (state handed over), {@code COMMITTING}; on failure {@code ROLLING_BACK}. The last event
 * ({@link #last()}) names the outcome: {@code COMMITTED}, {@code NO_CHANGES}, {@code SIMULATED},
 * {@code REFUSED}, {@code ROLLED_BACK}, {@code ROLLBACK_FAILED} or {@code FAILED}.
 *
 * @param action  {@code UPGRADE}, {@code ROLLBACK}, {@code DEPLOY}, {@code RECOVERY}, ...
 * @param feature the feature (or bundle symbolic name) that changes
 * @param from    the version it changes from, {@code null} when none or not yet known
 * @param to      the version it changes to, {@code null} when not yet known
 * @param step    the step that starts now, or the outcome when {@code last}
 * @param last    whether this is the change's last event
 * @param elapsed time since the change started
 * @param phases  how long each step that ended took, in order
 * @since 1.3
 */
public record ChangeStep(String action, String feature, String from, String to, String step, boolean last,
        Duration elapsed, Map<String, Duration> phases) {

    /** The EventAdmin topic prefix; the step follows. */
    public static final String TOPIC_PREFIX = "org/slipway/change/";

    public ChangeStep {
        requireNonNull(action, "action");
        requireNonNull(feature, "feature");
        requireNonNull(step, "step");
        requireNonNull(elapsed, "elapsed");
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** @return for example {@code greeter 1.0.0 -> 1.1.0} */
    public String transition() {
        return feature + (to == null ? "" : " " + (from == null ? "(none)" : from) + " -> " + to);
    }
}
