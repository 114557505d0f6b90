package org.slipway.core.internal.karaf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.slipway.api.FeatureChange;
import org.slipway.core.internal.engine.BundleInfo;
import org.slipway.core.internal.engine.ConfigurationSides;
import org.slipway.core.internal.engine.Deployment;
import org.slipway.core.internal.engine.Designation;

/**
 * Turns Karaf's parsed dry run into the engine's {@link Deployment}: the bundles it installs or updates
 * described from their manifests and labelled with the feature that brings them ({@link FeatureClosure}), the
 * uninstalled ones with the feature of the running release that brought them, the dependency features
 * installed and uninstalled, the configurations and files the new features write, and the metatype of the
 * bundles it installs or updates ({@link Metatypes}).
 */
final class DryRunReader {

    private final FeaturesService features;
    private final FrameworkState framework;
    private final Function<String, BundleInfo> describe;
    private final ConfigurationSnapshots snapshots;
    private final Path base;
    private final Metatypes metatypes;

    DryRunReader(FeaturesService features, FrameworkState framework, Function<String, BundleInfo> describe,
            ConfigurationSnapshots snapshots, Path base, Metatypes metatypes) {
        this.metatypes = metatypes;
        this.features = features;
        this.framework = framework;
        this.describe = describe;
        this.snapshots = snapshots;
        this.base = base;
    }

    /**
     * @param along the features requested with {@code feature} ({@code name/version}): roots of the target too,
     *              which replace the other versions of their names the operator asked for
     */
    Deployment read(String feature, String version, List<String> along, DryRunOutput dryRun) throws Exception {
        Set<String> installed = Arrays.stream(features.listInstalledFeatures()).map(Feature::getId)
                .collect(Collectors.toCollection(TreeSet::new));
        List<Feature> roots = new ArrayList<>(List.of(feature(feature, version)));
        Set<String> requested = new HashSet<>(Set.of(feature));
        for (String id : along) {
            int slash = id.indexOf('/');
            roots.add(feature(id.substring(0, slash), id.substring(slash + 1)));
            requested.add(id.substring(0, slash));
        }
        FeatureClosure target = FeatureClosure.of(features, roots, installed);
        Map<String, String> owners = new HashMap<>();
        Set<String> notStarted = new HashSet<>();
        Map<String, Integer> early = new HashMap<>();
        Map<String, BundleInfo> updates = new LinkedHashMap<>();
        Map<String, String> changed = new LinkedHashMap<>(); // location to key, for their metatype
        dryRun.update().forEach((key, location) -> {
            BundleInfo bundle = label(location, target, owners, notStarted, early);
            updates.put(key, bundle);
            changed.put(location, bundle.key());
        });
        List<BundleInfo> installs = new ArrayList<>();
        dryRun.install().forEach(location -> {
            BundleInfo bundle = label(location, target, owners, notStarted, early);
            installs.add(bundle);
            changed.put(location, bundle.key());
        });
        Optional<String> from = installed.stream().filter(id -> id.startsWith(feature + "/"))
                .map(id -> id.substring(feature.length() + 1)).findFirst();
        Optional<FeatureClosure> current = from.isEmpty() ? Optional.empty()
                : Optional.of(FeatureClosure.installed(features, feature(feature, from.get()), installed));
        if (current.isPresent() && !dryRun.uninstall().isEmpty()) {
            Map<String, String> locations = framework.locations();
            for (String key : dryRun.uninstall()) {
                String owner = current.get().owner(locations.getOrDefault(key, ""));
                if (owner != null) {
                    owners.put(key, owner);
                }
            }
        }
        List<FeatureChange> changes = featureChanges(feature, requested, current, target, installed);
        Set<String> leaving = new HashSet<>();
        from.ifPresent(running -> leaving.add(feature + "/" + running));
        changes.stream().filter(c -> c.action() == FeatureChange.Action.UNINSTALL).forEach(c -> leaving.add(c.id()));
        List<ConfigurationSides> sides = ConfigurationPlan.sides(target, current, leaving, installed, snapshots);
        List<Designation> designations = new ArrayList<>(metatypes.designations(changed));
        Set<String> uncovered = sides.stream().map(ConfigurationSides::name)
                .filter(n -> designations.stream().noneMatch(d -> d.schema().designates(n)))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!uncovered.isEmpty()) {
            Set<String> changing = new HashSet<>(dryRun.update().keySet());
            changing.addAll(dryRun.uninstall());
            designations.addAll(metatypes.staying(uncovered, changing));
        }
        return new Deployment(List.of(), updates, installs, dryRun.uninstall(), dryRun.refresh(), owners,
                notStarted, changes, ConfigurationPlan.of(target, installed, sides, snapshots, base), early, sides,
                designations);
    }

    private BundleInfo label(String location, FeatureClosure target, Map<String, String> owners,
            Set<String> notStarted, Map<String, Integer> early) {
        BundleInfo bundle = describe.apply(location);
        int level = target.startLevel(location);
        if (level > 0 && level < KarafRuntime.APPLICATION_START_LEVEL && !target.notStarted(location)) {
            early.put(bundle.key(), level);
        }
        String owner = target.owner(location);
        if (owner != null) {
            owners.put(bundle.key(), owner);
        }
        if (target.notStarted(location)) {
            notStarted.add(bundle.key());
        }
        return bundle;
    }

    /**
     * The features installed besides {@code feature} (in the target's closure, not installed) and
     * uninstalled (in the running release's closure {@code current}, in neither the target's nor that of another feature
     * the operator asked for, other than those {@code requested} replaces).
     */
    private List<FeatureChange> featureChanges(String feature, Set<String> requested, Optional<FeatureClosure> current,
            FeatureClosure target, Set<String> installed) throws Exception {
        List<FeatureChange> changes = new ArrayList<>();
        target.ids().stream().filter(id -> !installed.contains(id) && !id.startsWith(feature + "/")).sorted()
                .forEach(id -> changes.add(change(FeatureChange.Action.INSTALL, id)));
        if (current.isPresent()) {
            Set<String> kept = new HashSet<>(target.ids());
            for (Feature required : features.listRequiredFeatures()) {
                if (!requested.contains(required.getName())) {
                    kept.addAll(FeatureClosure.installed(features, required, installed).ids());
                }
            }
            current.get().ids().stream()
                    .filter(id -> installed.contains(id) && !kept.contains(id) && !id.startsWith(feature + "/"))
                    .sorted().forEach(id -> changes.add(change(FeatureChange.Action.UNINSTALL, id)));
        }
        return changes;
    }

    private static FeatureChange change(FeatureChange.Action action, String id) {
        int slash = id.indexOf('/');
        return new FeatureChange(action, id.substring(0, slash), id.substring(slash + 1));
    }

    private Feature feature(String name, String version) throws Exception {
        Feature found = features.getFeature(name, version);
        if (found == null) {
            throw new IllegalArgumentException("Feature \"" + name + "\" has no version " + version);
        }
        return found;
    }
}
