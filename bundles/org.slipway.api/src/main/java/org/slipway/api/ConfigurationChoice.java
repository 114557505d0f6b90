package org.slipway.api;

/**
 * What a change does with a key of a release configuration that both the operator and the new release changed
 * differently from the running release's default (a conflict of the three-way merge).
 *
 * @since 1.4
 */
public enum ConfigurationChoice {
    /** Refuse the change, naming the configuration, the key and the three values. */
    MERGE,
    /** Keep the operator's value. */
    OURS,
    /** Take the new release's default. */
    THEIRS
}
