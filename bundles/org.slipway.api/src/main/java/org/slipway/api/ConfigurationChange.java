package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A configuration or a file that a change writes: a {@code <config>} or {@code <configfile>} of a feature
 * the change installs, or a configuration of a release the change removes. Rollback and crash recovery put back
 * what was there before (or remove it).
 * <p>
 * A {@code <config>} without {@code override} or {@code append} is merged key by key, three ways: the running
 * release's default (base), the new release's default (theirs) and the value now (ours). A key the operator did
 * not change takes the new default (or goes, when the new release drops it); a key the operator changed keeps
 * the operator's value; a key both changed differently is a conflict, which refuses the change unless a
 * {@link ConfigurationChoice} decides it. {@code override="true"} replaces the configuration (Karaf's rule), and
 * {@code append="true"} only adds missing keys (Karaf's rule).
 *
 * @param kind       a Config Admin configuration or a file
 * @param target     the configuration's name as the feature gives it (a PID, or {@code factoryPid~name}),
 *                   or the file's path relative to the instance ({@code etc/...})
 * @param action     what the features service will do with it
 * @param properties for a configuration, the properties the feature sets, the values of keys that look
 *                   secret (password, secret, token, key, credential) masked as {@code ********}; empty for a
 *                   file
 * @param feature    the feature that writes it, as {@code name/version}; {@code null} when not known
 * @param keys       for a configuration that exists, every key whose value the change sets or removes, and
 *                   every operator's value it keeps over a different new default, values masked as
 *                   {@code properties}; empty for a file, a configuration created or one Karaf leaves alone
 * @since 1.2
 */
public record ConfigurationChange(Kind kind, String target, Action action, Map<String, String> properties,
        String feature, List<Key> keys) {

    /**
     * One key of a configuration that exists.
     *
     * @param name   the key
     * @param from   its value now, {@code null} when absent (masked when secret-looking)
     * @param to     its value after the change, {@code null} when removed (masked when secret-looking)
     * @param source where {@code to} comes from
     * @since 1.4
     */
    public record Key(String name, String from, String to, Source source) {

        public Key {
            requireNonNull(name, "name");
            requireNonNull(source, "source");
        }

        /** @return whether the change leaves the value as it is: the operator's value, kept */
        public boolean kept() {
            return source == Source.OPERATOR;
        }
    }

    /**
     * Where a key's value after a change comes from.
     *
     * @since 1.4
     */
    public enum Source {
        /** The new release's default (or its absence, for a key the new release drops). */
        RELEASE,
        /** The operator's value, kept. */
        OPERATOR
    }

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
        KEEP,
        /**
         * It exists, the release that declared it goes, and no key the operator set is left: it is deleted.
         *
         * @since 1.4
         */
        DELETE
    }

    public ConfigurationChange {
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        requireNonNull(action, "action");
        properties = Map.copyOf(properties);
        keys = List.copyOf(keys);
    }

    /** A change whose keys are not listed. */
    public ConfigurationChange(Kind kind, String target, Action action, Map<String, String> properties,
            String feature) {
        this(kind, target, action, properties, feature, List.of());
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

    /** @return this change with {@code action} and {@code keys} */
    public ConfigurationChange with(Action newAction, List<Key> newKeys) {
        return new ConfigurationChange(kind, target, newAction, properties, feature, newKeys);
    }
}
