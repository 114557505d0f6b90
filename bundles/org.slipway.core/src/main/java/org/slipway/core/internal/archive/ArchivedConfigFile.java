package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A {@code <configfile>} of a release's feature that passed the checks: a file of the application's own under
 * {@code etc/}, which Karaf's {@code FeatureConfigInstaller} copies from the archive's content (by then in
 * {@code system/}) when it installs the feature.
 *
 * @param target     where Karaf writes it, relative to the instance ({@code karaf.base}), normalised, with
 *                   {@code /} separators: {@code etc/org.example.greeter.extra.cfg}
 * @param location   the plain {@code mvn:} URL of the file in the archive
 * @param override   {@code override="true"}: Karaf replaces an existing file (otherwise it leaves it alone)
 * @param conditions the {@code <condition>}s of the {@code <conditional>} it is in, empty when it always applies
 */
public record ArchivedConfigFile(String target, String location, boolean override, List<String> conditions) {

    public ArchivedConfigFile {
        requireNonNull(target, "target");
        requireNonNull(location, "location");
        conditions = List.copyOf(conditions);
    }

    @Override
    public String toString() {
        return target + " from " + location + (override ? " (override)" : "")
                + (conditions.isEmpty() ? "" : " if " + String.join(" and ", conditions));
    }
}
