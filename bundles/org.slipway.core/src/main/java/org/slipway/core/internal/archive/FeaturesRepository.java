package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link FeaturesXml} read from a features XML.
 *
 * @param name     the {@code name} attribute of {@code <features>}, empty when absent
 * @param features its features, in document order
 */
public record FeaturesRepository(String name, List<ArchivedFeature> features) {

    public FeaturesRepository {
        requireNonNull(name, "name");
        features = List.copyOf(features);
    }
}
