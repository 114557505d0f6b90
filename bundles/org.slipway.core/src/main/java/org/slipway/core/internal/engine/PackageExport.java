package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

/**
 * One package of an Export-Package header.
 *
 * @param name    the package name
 * @param version the exported version; {@link Version#ZERO} when the header gives none
 */
public record PackageExport(String name, Version version) {

    public PackageExport {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
