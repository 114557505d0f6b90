package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A bundle as the engine sees it: identity, state, raw package headers, current package wiring and its
 * Declarative Services components. Plain data, so that the engine can be fed from fixtures.
 *
 * @param id            the bundle id, or {@code -1} for a bundle that is not installed
 * @param symbolicName  Bundle-SymbolicName without attributes
 * @param version       Bundle-Version
 * @param state         INSTALLED, RESOLVED, STARTING, STOPPING, ACTIVE or UNINSTALLED; {@code ""} if not installed
 * @param exportPackage the raw Export-Package header, {@code ""} when none
 * @param importPackage the raw Import-Package header, {@code ""} when none
 * @param wiredTo       for each imported package, the id of the bundle it is wired to now; empty when
 *                      not installed or not resolved
 * @param components    the names of the bundle's DS components; empty when none
 * @param fragment      whether the bundle is a fragment
 */
public record BundleInfo(long id, String symbolicName, String version, String state, String exportPackage,
        String importPackage, Map<String, Long> wiredTo, List<String> components, boolean fragment) {

    public BundleInfo {
        requireNonNull(symbolicName, "symbolicName");
        requireNonNull(version, "version");
        requireNonNull(state, "state");
        requireNonNull(exportPackage, "exportPackage");
        requireNonNull(importPackage, "importPackage");
        wiredTo = Map.copyOf(wiredTo);
        components = List.copyOf(components);
    }

    /** @return {@code symbolicName/version}, as Karaf prints bundles */
    public String key() {
        return symbolicName + "/" + version;
    }
}
