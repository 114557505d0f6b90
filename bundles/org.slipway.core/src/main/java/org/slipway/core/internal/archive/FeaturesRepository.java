package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link FeaturesXml} read from a features XML, as written: nothing of it is checked yet.
 *
 * @param name         the {@code name} attribute of {@code <features>}, empty when absent
 * @param repositories its {@code <repository>} and {@code <resource-repository>} elements, in document order
 * @param features     its features, in document order
 */
public record FeaturesRepository(String name, List<DeclaredElement> repositories, List<DeclaredFeature> features) {

    public FeaturesRepository {
        requireNonNull(name, "name");
        repositories = List.copyOf(repositories);
        features = List.copyOf(features);
    }
}
