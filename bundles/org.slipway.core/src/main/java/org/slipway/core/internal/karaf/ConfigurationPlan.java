package org.slipway.core.internal.karaf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Optional;

import org.apache.karaf.features.ConfigFileInfo;
import org.apache.karaf.features.ConfigInfo;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.ConfigurationChange.Action;
import org.slipway.api.ConfigurationChange.Kind;
import org.slipway.core.internal.engine.ConfigurationMerge;
import org.slipway.core.internal.engine.ConfigurationSides;
import org.slipway.core.internal.engine.ConfigurationSides.Mode;

/**
 * The configurations and files a change writes: those of every feature of the target's closure that is not
 * installed yet (Karaf's FeatureConfigInstaller writes a feature's {@code <config>} and {@code <configfile>}
 * when it installs the feature), with what Karaf will do to each (create, overwrite or extend, keep), and
 * the values of secret-looking keys masked.
 */
final class ConfigurationPlan {


    private ConfigurationPlan() {
    }

    static List<ConfigurationChange> of(FeatureClosure target, Set<String> installed, List<ConfigurationSides> sides,
            ConfigurationSnapshots state, Path base) throws IOException {
        Map<String, Map<String, String>> ours = new HashMap<>(); // read once, by sides(...)
        sides.stream().filter(side -> side.ours() != null).forEach(side -> ours.put(side.name(), side.ours()));
        List<ConfigurationChange> changes = new ArrayList<>();
        for (String feature : target.ids()) {
            if (installed.contains(feature)) {
                continue;
            }
            for (ConfigInfo config : target.configurations(feature)) {
                Action action = action(ours.get(config.getName()), config.isOverride(), config.isAppend(),
                        strings(config.getProperties()));
                changes.add(new ConfigurationChange(Kind.CONFIGURATION, config.getName(), action,
                        masked(config.getProperties()), feature));
            }
            for (ConfigFileInfo file : target.files(feature)) {
                String path = relative(file.getFinalname(), base);
                Action action = !state.fileExists(path) ? Action.CREATE
                        : file.isOverride() ? Action.UPDATE : Action.KEEP;
                changes.add(new ConfigurationChange(Kind.FILE, path, action, Map.of(), feature));
            }
        }
        return changes;
    }

    /**
     * The three sides of every release configuration the change may merge ({@link ConfigurationMerge}): each
     * {@code <config>} of a feature of the target's closure that is not installed yet, with the running
     * release's default for the same name as base; and each {@code <config>} of a feature of the running release's
     * closure ({@code current}) that the change uninstalls ({@code leaving}: the running root and the dependency
     * features the dry run uninstalls; a feature another installed feature still needs stays, and so does its
     * configuration), when no feature of the target's closure declares that name (theirs absent).
     */
    static List<ConfigurationSides> sides(FeatureClosure target, Optional<FeatureClosure> current,
            Set<String> leaving, Set<String> installed, ConfigurationSnapshots state) throws IOException {
        Map<String, ConfigInfo> running = new LinkedHashMap<>();
        Map<String, String> runningFeature = new HashMap<>();
        current.ifPresent(closure -> closure.ids().forEach(id -> closure.configurations(id).forEach(c -> {
            running.putIfAbsent(c.getName(), c);
            runningFeature.putIfAbsent(c.getName(), id);
        })));
        Set<String> declared = new HashSet<>();
        List<ConfigurationSides> sides = new ArrayList<>();
        for (String feature : target.ids()) {
            for (ConfigInfo config : target.configurations(feature)) {
                declared.add(config.getName());
                if (installed.contains(feature)) {
                    continue;
                }
                ConfigInfo base = running.get(config.getName());
                Mode mode = config.isOverride() ? Mode.OVERRIDE : config.isAppend() ? Mode.APPEND : Mode.MERGE;
                sides.add(new ConfigurationSides(config.getName(), feature, mode,
                        base == null ? null : strings(base.getProperties()), strings(config.getProperties()),
                        state.values(config.getName())));
            }
        }
        for (Map.Entry<String, ConfigInfo> gone : running.entrySet()) {
            String feature = runningFeature.get(gone.getKey());
            if (!declared.contains(gone.getKey()) && leaving.contains(feature)) {
                sides.add(new ConfigurationSides(gone.getKey(), feature, Mode.MERGE,
                        strings(gone.getValue().getProperties()), null, state.values(gone.getKey())));
            }
        }
        return sides;
    }

    /**
     * What Karaf's FeatureConfigInstaller does with a {@code <config>} (4.4.10: it creates a configuration that
     * is not there, overwrites one with {@code override="true"}, adds the missing keys with {@code append="true"},
     * and otherwise leaves it alone), where writing what is there already is no change: an override with the
     * same properties, or an append with no key missing, is {@link Action#KEEP}.
     *
     * @param current the configuration's properties now, without Config Admin's, Karaf's and fileinstall's own
     *                keys; {@code null} when there is none
     * @param wanted  the {@code <config>}'s properties
     */
    static Action action(Map<String, String> current, boolean override, boolean append, Map<String, String> wanted) {
        if (current == null) {
            return Action.CREATE;
        }
        if (override) {
            return current.equals(wanted) ? Action.KEEP : Action.UPDATE;
        }
        if (append) {
            return current.keySet().containsAll(wanted.keySet()) ? Action.KEEP : Action.UPDATE;
        }
        return Action.KEEP;
    }

    /** @return a {@code <config>}'s properties as strings, sorted */
    static Map<String, String> strings(Properties properties) {
        Map<String, String> values = new TreeMap<>();
        if (properties != null) {
            properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        }
        return values;
    }

    private static Map<String, String> masked(Properties properties) {
        Map<String, String> values = new TreeMap<>();
        if (properties != null) {
            properties.stringPropertyNames().forEach(k -> values.put(k, ConfigurationMerge.mask(k, properties.getProperty(k))));
        }
        return values;
    }

    /**
     * A configfile's final name as Karaf resolves it ({@code FeatureConfigInstaller.substFinalName}: the
     * karaf.* properties substituted, a name not starting with a variable taken relative to karaf.base),
     * relative to the instance when inside it; else the absolute path (which capture then refuses).
     */
    static String relative(String finalname, Path base) {
        String name = finalname;
        boolean variable = name.startsWith("${") && name.contains("}");
        for (String property : List.of("karaf.etc", "karaf.base", "karaf.home", "karaf.data")) {
            String value = System.getProperty(property);
            if (value != null) {
                name = name.replace("${" + property + "}", value);
            }
        }
        Path path = !variable || name.startsWith("${") ? base.resolve(name) : Path.of(name);
        path = path.toAbsolutePath().normalize();
        return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
    }
}
