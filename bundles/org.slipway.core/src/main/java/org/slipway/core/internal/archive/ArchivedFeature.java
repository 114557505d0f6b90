package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One {@code <feature>} of an archive's features XML, after the inspector's checks: what it installs, configures
 * and depends on, for a plan and a journal to show.
 *
 * @param name            the feature's name
 * @param version         its version, {@code 0.0.0} when the XML gives none
 * @param bundleLocations the trimmed text of every {@code <bundle>} inside the feature, conditionals included,
 *                        in document order
 * @param configurations  its {@code <config>} elements, conditionals included, in document order
 * @param configFiles     its {@code <configfile>} elements, conditionals included, in document order
 * @param dependencies    the features it depends on, prerequisites and conditionals included, in document order
 */
public record ArchivedFeature(String name, String version, List<String> bundleLocations,
        List<ArchivedConfig> configurations, List<ArchivedConfigFile> configFiles,
        List<ArchivedDependency> dependencies) {

    public ArchivedFeature {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        bundleLocations = List.copyOf(bundleLocations);
        configurations = List.copyOf(configurations);
        configFiles = List.copyOf(configFiles);
        dependencies = List.copyOf(dependencies);
    }

    /** A feature of bundles only: no configuration, no configuration file, no dependency. */
    public ArchivedFeature(String name, String version, List<String> bundleLocations) {
        this(name, version, bundleLocations, List.of(), List.of(), List.of());
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
