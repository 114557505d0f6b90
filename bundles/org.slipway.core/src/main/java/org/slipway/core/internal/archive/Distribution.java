package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * What the distribution owns and offers, as far as a release archive's features XML may refer to it. The
 * {@link ArchiveInspector} refuses every reference beyond it. The predicates must be thread-safe. Platform
 * repositories and feature names come from the distribution's own (non-application) repositories, never from
 * application repositories: an application's earlier release registered in the distribution is not the platform,
 * and its next release must be able to define the same feature names.
 *
 * @param repositories     for a features repository URL as a {@code <repository>} or {@code <resource-repository>}
 *                         element writes it, whether it is one of the distribution's own repositories; only
 *                         plain {@code mvn:} URLs are ever asked
 * @param offeredFeatures  for a feature name, whether the distribution offers that feature for applications to
 *                         depend on (an allow-list such as {@code scr} and {@code http-whiteboard}; not
 *                         {@code management}, {@code webconsole}, {@code kar} or {@code wrap})
 * @param platformFeatures for a feature name, whether it is the platform's ({@code slipway}, and every feature of
 *                         the distribution's non-application repositories): no release may define a feature of
 *                         that name. Must cover every such name, because Karaf installs the highest version of a
 *                         name any repository offers: a release that defined its own {@code management} and
 *                         depended on it could get Karaf's
 */
public record Distribution(Predicate<String> repositories, Predicate<String> offeredFeatures,
        Predicate<String> platformFeatures) {

    /**
     * The start level application bundles start at, Karaf's default {@code karaf.startlevel.bundle}: the platform,
     * and Slipway's crash recovery, start before it. No release may start a bundle earlier.
     */
    public static final int APPLICATION_START_LEVEL = 80;

    /** The name of the Slipway platform feature. */
    public static final String PLATFORM_FEATURE = "slipway";

    public Distribution {
        requireNonNull(repositories, "repositories");
        requireNonNull(offeredFeatures, "offeredFeatures");
        requireNonNull(platformFeatures, "platformFeatures");
    }

    /**
     * @return a distribution that offers nothing: no repository and no feature outside the archive, and whose
     *         only platform feature is {@value #PLATFORM_FEATURE}
     */
    public static Distribution offeringNothing() {
        return new Distribution(url -> false, name -> false, PLATFORM_FEATURE::equals);
    }

    @Override
    public String toString() {
        return "Distribution[repositories, offered features and platform features as predicates]";
    }
}
