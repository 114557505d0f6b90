package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A feature a release's feature depends on ({@code <feature>} inside {@code <feature>}), that passed the checks:
 * defined in the same archive, or offered by the distribution.
 *
 * @param name         the feature's name
 * @param version      the version or range as written, empty when none is (Karaf then takes any version)
 * @param prerequisite {@code prerequisite="true"}: Karaf installs it, and starts its bundles, before the feature
 * @param conditions   the {@code <condition>}s of the {@code <conditional>} it is in, empty when it always applies
 */
public record ArchivedDependency(String name, String version, boolean prerequisite, List<String> conditions) {

    public ArchivedDependency {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        conditions = List.copyOf(conditions);
    }

    @Override
    public String toString() {
        return name + (version.isEmpty() ? "" : " " + version) + (prerequisite ? " (prerequisite)" : "")
                + (conditions.isEmpty() ? "" : " if " + String.join(" and ", conditions));
    }
}
