package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What an upgrade or rollback will do, computed before anything changes.
 *
 * @param feature    the feature
 * @param from       the installed version, or {@code null} when the feature is not installed
 * @param to         the target version
 * @param bundles    bundles to install, update, uninstall and refresh, each with a reason
 * @param packages   every exported package of an updated or removed bundle, old version to new
 * @param components the Declarative Services components that will restart (the blast radius), as
 *                   {@code bundle/component}
 * @param warnings   findings that do not refuse the plan (and, when forced, the refusals overridden)
 * @param forced     whether a refusal was overridden with force
 * @param features   the features installed or uninstalled besides {@code feature} (its dependencies);
 *                   empty when none (since 1.2)
 * @param configurations the configurations and files the change writes; empty when none (since 1.2)
 */
public record Plan(String feature, String from, String to, List<BundleChange> bundles,
        List<PackageChange> packages, List<String> components, List<Problem> warnings, boolean forced,
        List<FeatureChange> features, List<ConfigurationChange> configurations) {

    public Plan {
        requireNonNull(feature, "feature");
        requireNonNull(to, "to");
        bundles = List.copyOf(bundles);
        packages = List.copyOf(packages);
        components = List.copyOf(components);
        warnings = List.copyOf(warnings);
        features = List.copyOf(features);
        configurations = List.copyOf(configurations);
    }

    /** A plan that changes no other feature than {@code feature}. */
    public Plan(String feature, String from, String to, List<BundleChange> bundles, List<PackageChange> packages,
            List<String> components, List<Problem> warnings, boolean forced) {
        this(feature, from, to, bundles, packages, components, warnings, forced, List.of(), List.of());
    }

    /** @return whether applying this plan changes nothing */
    public boolean isEmpty() {
        return to.equals(from) && bundles.isEmpty();
    }

    /** As {@link #Plan(String, String, String, List, List, List, List, boolean, List, List)}, writing nothing. */
    public Plan(String feature, String from, String to, List<BundleChange> bundles, List<PackageChange> packages,
            List<String> components, List<Problem> warnings, boolean forced, List<FeatureChange> features) {
        this(feature, from, to, bundles, packages, components, warnings, forced, features, List.of());
    }
}
