package org.slipway.core.internal.engine;

import java.util.Set;

/**
 * What an application change may not replace, remove or upgrade: the platform's features (Karaf's,
 * Slipway's own, those their repositories pull in) and bundles (the framework, the start-up bundles, every
 * bundle an installed platform feature brings, shared libraries included). Installing a platform feature
 * as a dependency is allowed; changing what runs is not. Upgrading Slipway itself is not an application
 * change (not supported through these paths).
 *
 * @param features the names of the platform's features
 * @param bundles  the ids of the platform's installed bundles
 */
public record Platform(Set<String> features, Set<Long> bundles) {

    /** No protection, for runtimes without a platform. */
    public static final Platform NONE = new Platform(Set.of(), Set.of());

    public Platform {
        features = Set.copyOf(features);
        bundles = Set.copyOf(bundles);
    }
}
