package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * How an exported package changes when its exporter is updated or removed.
 *
 * @param packageName the package
 * @param exporter    the symbolic name of the exporting bundle
 * @param from        the version exported now
 * @param to          the version exported after the change, or {@code null} when it is no longer exported
 * @param delta       the kind of change, by semantic versioning
 */
public record PackageChange(String packageName, String exporter, String from, String to, Delta delta) {

    /** The kind of change of a package version. */
    public enum Delta {
        UNCHANGED, MICRO, MINOR, MAJOR, REMOVED
    }

    public PackageChange {
        requireNonNull(packageName, "packageName");
        requireNonNull(exporter, "exporter");
        requireNonNull(from, "from");
        requireNonNull(delta, "delta");
    }
}
