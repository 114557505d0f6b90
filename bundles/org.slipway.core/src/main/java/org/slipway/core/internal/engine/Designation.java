package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration schema of a bundle a change installs or updates, with the configurations it designates now,
 * as Config Admin holds them (typed values, without Config Admin's, Karaf's and fileinstall's own keys). Values
 * are not masked: never print them ({@link #toString()} does not).
 *
 * @param schema the bundle's metatype for the PID (or factory PID)
 * @param now    each configuration it designates now, by name (a PID, or {@code factoryPid~name}), to its values
 */
public record Designation(ConfigurationSchema schema, Map<String, Map<String, Object>> now) {

    public Designation {
        requireNonNull(schema, "schema");
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        now.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        now = Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "Designation[" + schema.pid() + (schema.factory() ? " (factory)" : "") + " of " + schema.bundle()
                + ", configurations now " + now.keySet() + "]";
    }
}
