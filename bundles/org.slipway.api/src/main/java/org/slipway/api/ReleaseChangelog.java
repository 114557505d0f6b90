package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * What changed from one version of a feature to another: bundles added, removed and updated, and every
 * exported package classified by its version and by its API (bnd's baseline), written exactly as the
 * {@code slipway:diff} goal of slipway-maven-plugin writes it.
 *
 * @param feature  the feature
 * @param from     the version before
 * @param to       the version after
 * @param markdown the changelog as Markdown
 * @param json     the same changelog as a JSON object
 * @since 1.3
 */
public record ReleaseChangelog(String feature, String from, String to, String markdown, String json) {

    public ReleaseChangelog {
        requireNonNull(feature, "feature");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(markdown, "markdown");
        requireNonNull(json, "json");
    }
}
