package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A request to move a feature to another version.
 *
 * @param feature        the feature name; not blank
 * @param version        the target version; not blank
 * @param simulate       check and plan only, change nothing
 * @param force          go on even when the semantic-version check refuses (reported loudly)
 * @param allowDowngrade accept a target version lower than the installed one
 * @param timeout        how long verification may take; positive
 * @param configuration  what to do with a configuration key both the operator and the new release changed
 *                       ({@link ConfigurationChoice#MERGE}: refuse); since 1.4
 */
public record UpgradeRequest(String feature, String version, boolean simulate, boolean force,
        boolean allowDowngrade, Duration timeout, ConfigurationChoice configuration) {

    /** The verification timeout when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public UpgradeRequest {
        requireNonBlank(feature, "feature");
        requireNonBlank(version, "version");
        requireNonNull(timeout, "timeout");
        requireNonNull(configuration, "configuration");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** A request that refuses configuration conflicts. */
    public UpgradeRequest(String feature, String version, boolean simulate, boolean force, boolean allowDowngrade,
            Duration timeout) {
        this(feature, version, simulate, force, allowDowngrade, timeout, ConfigurationChoice.MERGE);
    }

    /** A plain upgrade of {@code feature} to {@code version}, with the default timeout. */
    public static UpgradeRequest of(String feature, String version) {
        return new UpgradeRequest(feature, version, false, false, false, DEFAULT_TIMEOUT);
    }

    public UpgradeRequest withSimulate(boolean value) {
        return new UpgradeRequest(feature, version, value, force, allowDowngrade, timeout, configuration);
    }

    public UpgradeRequest withForce(boolean value) {
        return new UpgradeRequest(feature, version, simulate, value, allowDowngrade, timeout, configuration);
    }

    public UpgradeRequest withAllowDowngrade(boolean value) {
        return new UpgradeRequest(feature, version, simulate, force, value, timeout, configuration);
    }

    public UpgradeRequest withTimeout(Duration value) {
        return new UpgradeRequest(feature, version, simulate, force, allowDowngrade, value, configuration);
    }

    /** @since 1.4 */
    public UpgradeRequest withConfiguration(ConfigurationChoice value) {
        return new UpgradeRequest(feature, version, simulate, force, allowDowngrade, timeout, value);
    }

    static void requireNonBlank(String value, String name) {
        requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
