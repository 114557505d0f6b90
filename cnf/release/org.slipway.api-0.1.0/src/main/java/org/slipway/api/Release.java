package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An application feature the running system knows: the version installed and every version available.
 *
 * @param feature   the feature name
 * @param installed the installed version, or {@code null} when none is
 * @param versions  every version known to the repositories, ascending
 */
public record Release(String feature, String installed, List<String> versions) {

    public Release {
        requireNonNull(feature, "feature");
        versions = List.copyOf(versions);
    }
}
