package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

/**
 * One package of an Import-Package header.
 *
 * @param name     the package name
 * @param range    the accepted versions; {@link VersionRange#ANY} when the header gives none
 * @param optional whether the import has {@code resolution:=optional}
 */
public record PackageImport(String name, VersionRange range, boolean optional) {

    public PackageImport {
        requireNonNull(name, "name");
        requireNonNull(range, "range");
    }

    @Override
    public String toString() {
        return name + " " + range + (optional ? " (optional)" : "");
    }
}
