package org.slipway.core.internal.release;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A feature at one version with the bundles it carries: its own and those of the features it depends on
 * that the same features XML defines. The features it depends on from elsewhere (the platform's) are not
 * part of the release.
 *
 * @param feature the feature's name
 * @param version the feature's version
 * @param source  where it was read from, for messages: a file or Maven coordinates
 * @param bundles its bundles, in the order the features XML names them
 */
public record Release(String feature, String version, String source, List<ReleaseBundle> bundles) {

    public Release {
        requireNonNull(feature, "feature");
        requireNonNull(version, "version");
        requireNonNull(source, "source");
        bundles = List.copyOf(bundles);
    }

    /** @return the bundle of this symbolic name, if the release carries one */
    public Optional<ReleaseBundle> bundle(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName)).findFirst();
    }

    @Override
    public String toString() {
        return feature + " " + version;
    }
}
