package org.slipway.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A request to deploy a release archive (a KAR with a checksum manifest).
 *
 * @param location the archive: a file path, or a {@code file:} URL; not blank
 * @param simulate check the archive and plan the upgrade only, change nothing
 * @param install  also install a feature of the archive that is not installed (by default only installed
 *                 features are upgraded, and an archive for another feature is refused)
 * @param timeout  how long verification may take; positive
 * @param configuration what to do with a configuration key both the operator and the archive's release changed
 *                 ({@link ConfigurationChoice#MERGE}: refuse); since 1.5
 */
public record DeployRequest(String location, boolean simulate, boolean install, Duration timeout,
        ConfigurationChoice configuration) {

    public DeployRequest {
        requireNonNull(configuration, "configuration");
        UpgradeRequest.requireNonBlank(location, "location");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** A request that refuses configuration conflicts. */
    public DeployRequest(String location, boolean simulate, boolean install, Duration timeout) {
        this(location, simulate, install, timeout, ConfigurationChoice.MERGE);
    }

    /** A plain deploy of {@code location}, upgrading installed features only, with the default timeout. */
    public static DeployRequest of(String location) {
        return new DeployRequest(location, false, false, UpgradeRequest.DEFAULT_TIMEOUT);
    }

    public DeployRequest withSimulate(boolean value) {
        return new DeployRequest(location, value, install, timeout, configuration);
    }

    public DeployRequest withInstall(boolean value) {
        return new DeployRequest(location, simulate, value, timeout, configuration);
    }

    public DeployRequest withTimeout(Duration value) {
        return new DeployRequest(location, simulate, install, value, configuration);
    }

    /** @since 1.5 */
    public DeployRequest withConfiguration(ConfigurationChoice value) {
        return new DeployRequest(location, simulate, install, timeout, value);
    }
}
