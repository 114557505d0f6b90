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
 * @param schema  the bundle's metatype for the PID (or factory PID)
 * @param now     each configuration it designates now, by name (a PID, or {@code factoryPid~name}), to its values
 * @param overlay per configuration name, the keys the environment's overlay lays over the stored values when
 *                Config Admin delivers them
 * @param process per configuration name, the values the process environment gives keys the configuration holds
 *                (Karaf's {@code PID_KEY} rule), laid over the overlay
 */
public record Designation(ConfigurationSchema schema, Map<String, Map<String, Object>> now,
        Map<String, Map<String, String>> overlay, Map<String, Map<String, String>> process) {

    public Designation {
        requireNonNull(schema, "schema");
        now = copy(now);
        overlay = copy(overlay);
        process = copy(process);
    }

    /** A designation whose configurations get nothing laid over them. */
    public Designation(ConfigurationSchema schema, Map<String, Map<String, Object>> now) {
        this(schema, now, Map.of(), Map.of());
    }

    private static <V> Map<String, Map<String, V>> copy(Map<String, Map<String, V>> maps) {
        Map<String, Map<String, V>> copy = new LinkedHashMap<>();
        maps.forEach((name, values) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "Designation[" + schema.pid() + (schema.factory() ? " (factory)" : "") + " of " + schema.bundle()
                + ", configurations now " + now.keySet() + "]";
    }
}
