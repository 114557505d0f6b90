package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

/**
 * A feature moving from one version to another.
 *
 * @param feature the feature name
 * @param from    the installed version, or {@code null} when the feature is not installed
 * @param to      the target version
 */
public record Transition(String feature, String from, String to) {

    public Transition {
        requireNonNull(feature, "feature");
        requireNonNull(to, "to");
    }

    /** @return e.g. {@code greeter 1.0.0 -> 1.1.0}, or {@code greeter (none) -> 1.0.0} */
    @Override
    public String toString() {
        return feature + " " + (from == null ? "(none)" : from) + " -> " + to;
    }
}
