package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.features.ConfigInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.ConfigurationValue.Source;
import org.slipway.core.internal.engine.ConfigurationMerge;

/**
 * A running release's configuration as its code receives it ({@code release:config}): for each {@code <config>}
 * of the installed feature's closure (platform features left out), each key's effective value by the order Config
 * Admin's plugins apply (the stored value, then the environment's overlay, then Karaf's process environment rule:
 * {@code PID_KEY} upper-cased with {@code .}, {@code -} and {@code ~} as {@code _}, or the system property
 * {@code pid.key}), its source and whether it differs from the release's default. Interpolation references are
 * shown as written, never expanded; secret-looking keys are masked.
 */
final class EffectiveConfiguration {

    private final FeaturesService features;
    private final ConfigurationSnapshots snapshots;
    private final Environment environment;

    EffectiveConfiguration(FeaturesService features, ConfigurationSnapshots snapshots, Environment environment) {
        this.features = features;
        this.snapshots = snapshots;
        this.environment = environment;
    }

    List<ConfigurationValue> of(String feature, String version, Set<String> platform) throws Exception {
        Feature root = features.getFeature(feature, version);
        if (root == null) {
            throw new IllegalArgumentException("Feature \"" + feature + "\" has no version " + version);
        }
        Set<String> installed = Arrays.stream(features.listInstalledFeatures()).map(Feature::getId)
                .collect(Collectors.toCollection(TreeSet::new));
        FeatureClosure closure = FeatureClosure.installed(features, root, installed);
        Map<String, ConfigInfo> declared = new LinkedHashMap<>();
        for (String id : closure.ids()) {
            if (!platform.contains(id.substring(0, id.indexOf('/')))) {
                closure.configurations(id).forEach(c -> declared.putIfAbsent(c.getName(), c));
            }
        }
        List<ConfigurationValue> values = new ArrayList<>();
        for (ConfigInfo config : declared.values()) {
            values.addAll(values(config.getName(), ConfigurationPlan.strings(config.getProperties())));
        }
        return values;
    }

    private List<ConfigurationValue> values(String name, Map<String, String> defaults) throws IOException {
        Map<String, String> stored = snapshots.values(name);
        Map<String, String> overlay = environment.overlays().getOrDefault(name, Map.of());
        Set<String> keys = new TreeSet<>(defaults.keySet());
        if (stored != null) {
            keys.addAll(stored.keySet());
            keys.addAll(overlay.keySet());
        }
        List<ConfigurationValue> values = new ArrayList<>();
        for (String key : keys) {
            String value = stored == null ? null : stored.get(key);
            Source source = value == null || value.equals(defaults.get(key)) ? Source.RELEASE : Source.OPERATOR;
            if (stored != null && overlay.containsKey(key)) {
                value = overlay.get(key);
                source = Source.ENVIRONMENT;
            }
            String process = value == null ? null : process(name, key);
            if (process != null) {
                value = process;
                source = Source.PROCESS;
            }
            String release = defaults.get(key);
            values.add(new ConfigurationValue(name, key, ConfigurationMerge.mask(key, value), source,
                    ConfigurationMerge.mask(key, release), !Objects.equals(value, release)));
        }
        return values;
    }

    /** Karaf's KarafConfigurationPlugin: the variable PID_KEY, else the system property pid.key. */
    static String process(String pid, String key) {
        String variable = (pid + "." + key).toUpperCase(Locale.ROOT).replaceAll("\\.", "_").replace("-", "_")
                .replace("~", "_");
        String value = System.getenv(variable);
        return value != null ? value : System.getProperty(pid + "." + key);
    }
}
