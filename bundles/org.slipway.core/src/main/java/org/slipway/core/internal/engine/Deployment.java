package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slipway.api.ConfigurationChange;
import org.slipway.api.FeatureChange;

/**
 * What the features service would do to install a feature version with upgrade semantics, from its own
 * simulated deployment: every bundle it installs, updates, uninstalls and refreshes, through dependency
 * features, conditionals and prerequisites included. Plain data; the runtime computes it without changing
 * anything.
 *
 * @param failure    the resolver's messages when the target state does not resolve (then every other
 *                   part is empty); empty when it resolves
 * @param updates    each installed bundle ({@code symbolicName/version}) updated in place, to the bundle
 *                   replacing it, described from its manifest (id {@code -1})
 * @param installs   the bundles installed, described from their manifests (id {@code -1})
 * @param uninstalls the installed bundles uninstalled, as {@code symbolicName/version}
 * @param refreshes  the installed bundles refreshed that are neither updated nor uninstalled, as
 *                   {@code symbolicName/version}, each with the features service's reason
 * @param owners     for a bundle key of the target state (installs, updates) or of the installed state
 *                   (uninstalls), the feature that brings it, as {@code name/version}; a bundle no feature
 *                   of the change names is absent
 * @param notStarted the keys of installed bundles the features service installs without starting them
 *                   ({@code start="false"})
 * @param features   the features installed or uninstalled besides the requested one
 * @param configurations the configurations and files the features it installs write
 * @param earlyStarts for each bundle key the change installs or updates that the features service starts below
 *                   the application start level (where Slipway's crash recovery runs first), that level
 * @param sides      the three sides of each release configuration the change may merge ({@link ConfigurationMerge})
 * @param designations the metatype of the bundles the change installs or updates, with the configurations it
 *                   designates now ({@link ConfigurationValidation})
 */
public record Deployment(List<String> failure, Map<String, BundleInfo> updates, List<BundleInfo> installs,
        List<String> uninstalls, Map<String, String> refreshes, Map<String, String> owners, Set<String> notStarted,
        List<FeatureChange> features, List<ConfigurationChange> configurations, Map<String, Integer> earlyStarts,
        List<ConfigurationSides> sides, List<Designation> designations) {

    public Deployment {
        failure = List.copyOf(failure);
        updates = Map.copyOf(updates);
        installs = List.copyOf(installs);
        uninstalls = List.copyOf(uninstalls);
        refreshes = Map.copyOf(refreshes);
        owners = Map.copyOf(owners);
        notStarted = Set.copyOf(notStarted);
        features = List.copyOf(features);
        configurations = List.copyOf(configurations);
        earlyStarts = Map.copyOf(earlyStarts);
        sides = List.copyOf(sides);
        designations = List.copyOf(designations);
    }

    /** A deployment whose bundles declare no metatype. */
    public Deployment(List<String> failure, Map<String, BundleInfo> updates, List<BundleInfo> installs,
            List<String> uninstalls, Map<String, String> refreshes, Map<String, String> owners, Set<String> notStarted,
            List<FeatureChange> features, List<ConfigurationChange> configurations, Map<String, Integer> earlyStarts,
            List<ConfigurationSides> sides) {
        this(failure, updates, installs, uninstalls, refreshes, owners, notStarted, features, configurations,
                earlyStarts, sides, List.of());
    }

    /** A deployment that merges no release configuration. */
    public Deployment(List<String> failure, Map<String, BundleInfo> updates, List<BundleInfo> installs,
            List<String> uninstalls, Map<String, String> refreshes, Map<String, String> owners, Set<String> notStarted,
            List<FeatureChange> features, List<ConfigurationChange> configurations, Map<String, Integer> earlyStarts) {
        this(failure, updates, installs, uninstalls, refreshes, owners, notStarted, features, configurations,
                earlyStarts, List.of());
    }

    /** A deployment that starts nothing below the application start level. */
    public Deployment(List<String> failure, Map<String, BundleInfo> updates, List<BundleInfo> installs,
            List<String> uninstalls, Map<String, String> refreshes, Map<String, String> owners, Set<String> notStarted,
            List<FeatureChange> features, List<ConfigurationChange> configurations) {
        this(failure, updates, installs, uninstalls, refreshes, owners, notStarted, features, configurations,
                Map.of());
    }

    /** A deployment that writes no configuration. */
    public Deployment(List<String> failure, Map<String, BundleInfo> updates, List<BundleInfo> installs,
            List<String> uninstalls, Map<String, String> refreshes, Map<String, String> owners, Set<String> notStarted,
            List<FeatureChange> features) {
        this(failure, updates, installs, uninstalls, refreshes, owners, notStarted, features, List.of());
    }

    /** @return a deployment that does not resolve, for these resolver messages */
    public static Deployment failed(List<String> messages) {
        requireNonNull(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("A failed deployment needs the resolver's messages");
        }
        return new Deployment(messages, Map.of(), List.of(), List.of(), Map.of(), Map.of(), Set.of(), List.of());
    }

    /** @return whether the target state resolves */
    public boolean resolves() {
        return failure.isEmpty();
    }
}
