package org.slipway.core.internal.karaf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.ConfigFileInfo;
import org.apache.karaf.features.ConfigInfo;
import org.apache.karaf.features.Conditional;
import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;

/**
 * A feature and every feature it depends on, transitively, with the conditionals whose conditions the
 * closure or the installed features satisfy: which feature brings which bundle location, and which of
 * those bundles the features service does not start. A dependency's version range is taken as the
 * features service takes a requirement: its latest matching version. Used to say which feature brings a
 * bundle of a deployment; the deployment itself (which bundles change) is the features service's own.
 */
final class FeatureClosure {

    /** Feature id ({@code name/version}) to the feature, in discovery order, the root first. */
    private final Map<String, Feature> features = new LinkedHashMap<>();
    /** Bundle location to the id of the first feature of the closure that names it. */
    private final Map<String, String> owners = new LinkedHashMap<>();
    private final Set<String> notStarted = new HashSet<>();
    /** Bundle location to the start level its feature gives it ({@code 0}: the features service's default). */
    private final Map<String, Integer> startLevels = new LinkedHashMap<>();
    /** Feature id to the configurations and configuration files it (and its true conditionals) writes. */
    private final Map<String, List<ConfigInfo>> configurations = new LinkedHashMap<>();
    private final Map<String, List<ConfigFileInfo>> files = new LinkedHashMap<>();
    /** Feature name to the version requested with the root: what a dependency on that name takes. */
    private final Map<String, String> chosen;

    private FeatureClosure(Map<String, String> chosen) {
        this.chosen = Map.copyOf(chosen);
    }

    /**
     * @param root      the feature to start from
     * @param installed the ids of the installed features, which satisfy conditions too
     */
    static FeatureClosure of(FeaturesService service, Feature root, Set<String> installed) throws Exception {
        return of(service, List.of(root), installed);
    }

    /**
     * As {@link #of(FeaturesService, Feature, Set)} from several features requested together, the first one named
     * by the change: a dependency on the name of one of the others takes that one, as the features service's
     * resolver prefers a requested feature over another version its range allows.
     */
    static FeatureClosure of(FeaturesService service, List<Feature> roots, Set<String> installed) throws Exception {
        Map<String, String> chosen = new LinkedHashMap<>();
        roots.stream().skip(1).forEach(f -> chosen.put(f.getName(), f.getVersion()));
        return of(service, roots, installed, chosen);
    }

    /**
     * The closure of an installed feature as it is installed: a dependency on the name of an installed feature
     * takes that feature's version.
     */
    static FeatureClosure installed(FeaturesService service, Feature root, Set<String> installed) throws Exception {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String id : installed) {
            int slash = id.indexOf('/');
            chosen.putIfAbsent(id.substring(0, slash), id.substring(slash + 1));
        }
        return of(service, List.of(root), installed, chosen);
    }

    private static FeatureClosure of(FeaturesService service, List<Feature> roots, Set<String> installed,
            Map<String, String> chosen) throws Exception {
        FeatureClosure closure = new FeatureClosure(chosen);
        closure.addAll(service, new ArrayDeque<>(roots));
        boolean grew = true;
        Set<String> applied = new HashSet<>();
        while (grew) { // conditionals, until no more condition becomes true
            grew = false;
            for (Feature feature : List.copyOf(closure.features.values())) {
                for (Conditional conditional : feature.getConditional()) {
                    String key = feature.getId() + "?" + conditional.getCondition();
                    if (!applied.contains(key) && closure.satisfied(conditional.getCondition(), installed)) {
                        applied.add(key);
                        grew = true;
                        // Karaf installs a conditional as a feature of its own (Conditional.asFeature), whose
                        // start level is the default, not its feature's
                        closure.add(feature.getId(), 0, conditional.getBundles());
                        closure.writes(feature.getId(), conditional.getConfigurations(),
                                conditional.getConfigurationFiles());
                        Deque<Feature> pending = new ArrayDeque<>();
                        closure.follow(service, conditional.getDependencies(), pending);
                        closure.addAll(service, pending);
                    }
                }
            }
        }
        return closure;
    }

    /** Adds {@code pending} and every feature they depend on, transitively, each once. */
    private void addAll(FeaturesService service, Deque<Feature> pending) throws Exception {
        while (!pending.isEmpty()) {
            Feature feature = pending.poll();
            if (features.putIfAbsent(feature.getId(), feature) == null) {
                add(feature.getId(), feature.getStartLevel(), feature.getBundles());
                writes(feature.getId(), feature.getConfigurations(), feature.getConfigurationFiles());
                follow(service, feature.getDependencies(), pending);
            }
        }
    }

    /** @return the ids ({@code name/version}) of the features of the closure, the root first */
    Set<String> ids() {
        return features.keySet();
    }

    /** @return the id of the feature that brings the bundle at {@code location}, or {@code null} */
    String owner(String location) {
        return owners.get(location);
    }

    /** @return whether the features service installs the bundle at {@code location} without starting it */
    boolean notStarted(String location) {
        return notStarted.contains(location);
    }

    /** @return the configurations feature {@code id} of the closure writes when installed */
    List<ConfigInfo> configurations(String id) {
        return configurations.getOrDefault(id, List.of());
    }

    /** @return the configuration files feature {@code id} of the closure writes when installed */
    List<ConfigFileInfo> files(String id) {
        return files.getOrDefault(id, List.of());
    }

    private void writes(String featureId, List<ConfigInfo> configs, List<ConfigFileInfo> configFiles) {
        configurations.computeIfAbsent(featureId, k -> new ArrayList<>()).addAll(configs);
        files.computeIfAbsent(featureId, k -> new ArrayList<>()).addAll(configFiles);
    }

    /**
     * @return the start level the features service gives the bundle at {@code location}, read as Karaf's
     *         {@code Subsystem} reads it (the bundle's {@code start-level}, else its feature's, never that of the
     *         feature around a {@code <conditional>}); {@code 0} for
     *         the features service's default ({@code karaf.startlevel.bundle})
     */
    int startLevel(String location) {
        return startLevels.getOrDefault(location, 0);
    }

    private void add(String featureId, int featureStartLevel, List<BundleInfo> bundles) {
        for (BundleInfo bundle : bundles) {
            owners.putIfAbsent(bundle.getLocation(), featureId);
            startLevels.putIfAbsent(bundle.getLocation(), bundle.getStartLevel() > 0 ? bundle.getStartLevel()
                    : Math.max(featureStartLevel, 0));
            if (!bundle.isStart()) {
                notStarted.add(bundle.getLocation());
            }
        }
    }

    private void follow(FeaturesService service, List<Dependency> dependencies, Deque<Feature> pending)
            throws Exception {
        for (Dependency dependency : dependencies) {
            String version = chosen.get(dependency.getName());
            Feature requested = version == null ? null : service.getFeature(dependency.getName(), version);
            if (requested != null) {
                if (!features.containsKey(requested.getId())) {
                    pending.add(requested);
                }
                continue;
            }
            Feature[] matching = service.getFeatures(java.util.regex.Pattern.quote(dependency.getName()),
                    dependency.getVersion());
            for (Feature feature : matching) {
                if (!features.containsKey(feature.getId())) {
                    pending.add(feature);
                }
            }
        }
    }

    /** A condition is a feature requirement ({@code name} or {@code name/version}) some feature fulfils. */
    private boolean satisfied(List<String> conditions, Set<String> installed) {
        for (String condition : conditions) {
            String name = condition.contains("/") ? condition.substring(0, condition.indexOf('/')) : condition;
            boolean met = features.keySet().stream().anyMatch(id -> id.startsWith(name + "/"))
                    || installed.stream().anyMatch(id -> id.startsWith(name + "/"));
            if (!met) {
                return false;
            }
        }
        return true;
    }
}
