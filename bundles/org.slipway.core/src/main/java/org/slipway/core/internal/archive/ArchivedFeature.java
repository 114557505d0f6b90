package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code <feature>} of an archive's features XML.
 *
 * @param name            the feature's name
 * @param version         its version, {@code 0.0.0} when the XML gives none
 * @param bundleLocations the trimmed text of every {@code <bundle>} inside the feature, conditionals included,
 *                        in document order
 */
public record ArchivedFeature(String name, String version, List<String> bundleLocations) {

    public ArchivedFeature {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        bundleLocations = List.copyOf(bundleLocations);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
