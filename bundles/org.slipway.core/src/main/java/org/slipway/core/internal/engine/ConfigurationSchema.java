package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a bundle's OSGi Metatype (as DS's {@code @ObjectClassDefinition} produces) says a configuration holds: the
 * attributes of the object class a {@code <Designate>} points to. Plain data, read from the bundle's
 * {@code OSGI-INF/metatype/*.xml} ({@link MetatypeXml}).
 *
 * @param pid        the designated PID, or the factory PID when {@code factory}
 * @param factory    whether the designation is of factory configurations ({@code factoryPid})
 * @param bundle     the bundle declaring it, as {@code symbolicName/version}
 * @param attributes the object class's attribute definitions
 */
public record ConfigurationSchema(String pid, boolean factory, String bundle, List<Attribute> attributes) {

    public ConfigurationSchema {
        requireNonNull(pid, "pid");
        requireNonNull(bundle, "bundle");
        attributes = List.copyOf(attributes);
    }

    /** @return whether the configuration named {@code name} (a PID, or {@code factoryPid~name}) is designated */
    public boolean designates(String name) {
        return factory ? name.startsWith(pid + "~") : name.equals(pid);
    }

    /**
     * An attribute definition ({@code <AD>}).
     *
     * @param id          the key
     * @param type        the Metatype type as written ({@code String}, {@code Integer}, {@code Password}...)
     * @param cardinality 0 for one value; otherwise the most values, as its absolute value
     * @param required    whether the configuration must hold it (Metatype's default: true)
     * @param hasDefault  whether the definition gives a default (then a missing key is the code's default)
     * @param options     the values allowed, when the definition lists options; empty for any
     */
    public record Attribute(String id, String type, int cardinality, boolean required, boolean hasDefault,
            List<String> options) {

        public Attribute {
            requireNonNull(id, "id");
            requireNonNull(type, "type");
            options = List.copyOf(options);
        }

        /** @return whether values of it are secret ({@code Password}) */
        public boolean secret() {
            return type.equals("Password");
        }
    }
}
