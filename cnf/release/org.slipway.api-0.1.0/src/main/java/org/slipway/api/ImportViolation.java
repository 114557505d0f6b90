package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * A bundle that stays installed and would lose a package it is wired to: the new export is outside its
 * import range, or the package is no longer exported, and no other exporter matches.
 *
 * @param importer        the importing bundle's symbolic name
 * @param importerVersion the importing bundle's version
 * @param importerId      the importing bundle's id
 * @param packageName     the imported package
 * @param range           the importer's version range for it, as declared
 * @param offered         the version the upgrade offers, or {@code null} when the package is removed
 */
public record ImportViolation(String importer, String importerVersion, long importerId, String packageName,
        String range, String offered) {

    public ImportViolation {
        requireNonNull(importer, "importer");
        requireNonNull(importerVersion, "importerVersion");
        requireNonNull(packageName, "packageName");
        requireNonNull(range, "range");
    }

    /** One sentence naming importer, package, range and offered version. */
    public String describe() {
        String offer = offered == null ? "removes it" : "offers " + offered;
        return "Bundle " + importer + " " + importerVersion + " [" + importerId + "] imports " + packageName
                + " " + range + ", but the upgrade " + offer;
    }
}
