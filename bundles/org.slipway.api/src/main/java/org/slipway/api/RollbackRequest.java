package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A request to go back to an earlier release of a feature.
 *
 * @param feature  the feature name; not blank
 * @param version  the version to go back to, or {@code null} for the release committed before the
 *                 current one
 * @param simulate check and plan only, change nothing
 * @param timeout  how long verification may take; positive
 * @param configuration what to do with a configuration key both the operator and the older release changed
 *                 ({@link ConfigurationChoice#MERGE}: refuse); since 1.4
 */
public record RollbackRequest(String feature, String version, boolean simulate, Duration timeout,
        ConfigurationChoice configuration) {

    public RollbackRequest {
        UpgradeRequest.requireNonBlank(feature, "feature");
        if (version != null && version.isBlank()) {
            throw new IllegalArgumentException("version must be null or not blank");
        }
        requireNonNull(timeout, "timeout");
        requireNonNull(configuration, "configuration");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** A request that refuses configuration conflicts. */
    public RollbackRequest(String feature, String version, boolean simulate, Duration timeout) {
        this(feature, version, simulate, timeout, ConfigurationChoice.MERGE);
    }

    /** Back to the previously committed release of {@code feature}, with the default timeout. */
    public static RollbackRequest previous(String feature) {
        return new RollbackRequest(feature, null, false, UpgradeRequest.DEFAULT_TIMEOUT);
    }

    public RollbackRequest withVersion(String value) {
        return new RollbackRequest(feature, value, simulate, timeout, configuration);
    }

    public RollbackRequest withSimulate(boolean value) {
        return new RollbackRequest(feature, version, value, timeout, configuration);
    }

    public RollbackRequest withTimeout(Duration value) {
        return new RollbackRequest(feature, version, simulate, value, configuration);
    }

    /** @since 1.4 */
    public RollbackRequest withConfiguration(ConfigurationChoice value) {
        return new RollbackRequest(feature, version, simulate, timeout, value);
    }
}
