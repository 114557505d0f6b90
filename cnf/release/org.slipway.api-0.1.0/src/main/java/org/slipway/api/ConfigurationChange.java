package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A configuration or a file that a change writes: a {@code <config>} or {@code <configfile>} of a feature
 * the change installs. Rollback and crash recovery put back what was there before (or remove it).
 *
 * @param kind       a Config Admin configuration or a file
 * @param target     the configuration's name as the feature gives it (a PID, or {@code factoryPid~name}),
 *                   or the file's path relative to the instance ({@code etc/...})
 * @param action     what the features service will do with it
 * @param properties for a configuration, the properties the feature sets, the values of keys that look
 *                   secret (password, secret, token, key, credential) masked as {@code ********}; empty for a
 *                   file
 * @param feature    the feature that writes it, as {@code name/version}; {@code null} when not known
 * @since 1.2
 */
public record ConfigurationChange(Kind kind, String target, Action action, Map<String, String> properties,
        String feature) {

    /** What is written. */
    public enum Kind {
        CONFIGURATION, FILE
    }

    /** What the features service will do with it. */
    public enum Action {
        /** It does not exist yet and will be created. */
        CREATE,
        /** It exists and will be overwritten ({@code override="true"}) or extended ({@code append="true"}). */
        UPDATE,
        /** It exists and the features service leaves it as it is. */
        KEEP
    }

    public ConfigurationChange {
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        requireNonNull(action, "action");
        properties = Map.copyOf(properties);
    }

    /** A change no feature is named for. */
    public ConfigurationChange(Kind kind, String target, Action action, Map<String, String> properties) {
        this(kind, target, action, properties, null);
    }

    /** @return the name of the feature that writes it, or {@code null} when not known */
    public String featureName() {
        return feature == null ? null : feature.substring(0, feature.indexOf('/') < 0 ? feature.length()
                : feature.indexOf('/'));
    }
}
