package org.slipway.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slipway.api.ChangeStep;

/**
 * The steps of one change as they happen, told to the runtime ({@link ReleaseRuntime#progress(ChangeStep)}),
 * with how long each ended step took: the operator's progress and the per-phase breakdown of the change's time. Not
 * thread-safe: one change runs at a time, on one thread.
 */
final class Progress {

    /** Follows nothing: for work outside a change. */
    static final Progress NONE = new Progress(null, Clock.systemUTC(), "NONE", "none");

    private final ReleaseRuntime runtime;
    private final Clock clock;
    private final String action;
    private final String feature;
    private final Instant start;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private String from;
    private String to;
    private String step;
    private Instant stepStart;
    private boolean ended;

    Progress(ReleaseRuntime runtime, Clock clock, String action, String feature) {
        this.runtime = runtime;
        this.clock = clock;
        this.action = action;
        this.feature = feature;
        this.start = clock.instant();
    }

    /** The change's versions, once the pre-checks know them. */
    void transition(String from, String to) {
        this.from = from;
        this.to = to;
    }

    /** Ends the step that runs and starts {@code next}. */
    void step(String next) {
        close();
        step = next;
        stepStart = clock.instant();
        tell(next, false);
    }

    /** Ends the change with {@code outcome} (once; later calls do nothing). */
    void end(String outcome) {
        if (ended) {
            return;
        }
        ended = true;
        close();
        tell(outcome, true);
    }

    private void close() {
        if (step != null) {
            phases.merge(step, Duration.between(stepStart, clock.instant()), Duration::plus);
            step = null;
        }
    }

    private void tell(String what, boolean last) {
        if (runtime != null) {
            runtime.progress(new ChangeStep(action, feature, from, to, what, last,
                    Duration.between(start, clock.instant()), phases));
        }
    }
}
