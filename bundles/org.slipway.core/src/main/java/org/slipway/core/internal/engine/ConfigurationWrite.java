package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;

/**
 * What a change writes to a configuration just before the features service's deployment, for the three-way merge
 * ({@link ConfigurationMerge}): keys set to the new release's defaults, keys removed, or the whole configuration
 * deleted. Every other key is left as it is, with its type. Values are not masked: never print them
 * ({@link #toString()} does not).
 *
 * @param name   the configuration's name as the feature gives it (a PID, or {@code factoryPid~name})
 * @param set    the keys to set, to their new values
 * @param remove the keys to remove
 * @param delete whether the configuration is deleted (then {@code set} and {@code remove} are empty)
 */
public record ConfigurationWrite(String name, Map<String, String> set, Set<String> remove, boolean delete) {

    public ConfigurationWrite {
        requireNonNull(name, "name");
        set = Map.copyOf(set);
        remove = Set.copyOf(remove);
        if (delete && !(set.isEmpty() && remove.isEmpty())) {
            throw new IllegalArgumentException("A deleted configuration has no keys to set or remove: " + name);
        }
    }

    @Override
    public String toString() {
        return delete ? "ConfigurationWrite[delete " + name + "]"
                : "ConfigurationWrite[" + name + ": set " + set.keySet() + ", remove " + remove + "]";
    }
}
