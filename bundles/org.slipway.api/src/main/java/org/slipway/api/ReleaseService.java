package org.slipway.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Upgrades and rolls back feature releases of a running system, one at a time.
 * <p>
 * An upgrade first runs every pre-check (target exists, version order, semantic-version ranges of every
 * importer, resolution of the target state) and computes a {@link Plan}. A refusal changes nothing. A
 * simulated request stops after planning. Otherwise the plan is applied, the target is verified (bundles,
 * Declarative Services components, health checks) and the outcome is committed to a crash-safe journal;
 * any failure after the first change rolls back to the release that was running.
 * <p>
 * Thread-safe. Only one upgrade or rollback runs at a time: a second request fails at once with
 * {@link UpgradeInProgressException}.
 */
@ProviderType
public interface ReleaseService {

    /**
     * Upgrades (or, when allowed, downgrades) a feature to the requested version.
     *
     * @param request what to upgrade; not {@code null}
     * @return {@link UpgradeResult.Outcome#NO_CHANGES} when the version is already running,
     *         {@link UpgradeResult.Outcome#SIMULATED} for a simulated request, else
     *         {@link UpgradeResult.Outcome#COMMITTED}
     * @throws UpgradeRefusedException when a pre-check refuses; nothing was changed
     * @throws UpgradeFailedException when applying or verifying failed after a change; the result tells
     *         whether the running release was restored
     * @throws UpgradeInProgressException when another upgrade or rollback is running
     */
    UpgradeResult upgrade(UpgradeRequest request) throws UpgradeRefusedException, UpgradeFailedException;

    /**
     * Goes back to the previous committed release of a feature, or to the named version, through the same
     * checks and verification as {@link #upgrade(UpgradeRequest)}.
     *
     * @throws UpgradeRefusedException when there is nothing to go back to, or a pre-check refuses
     * @throws UpgradeFailedException as for an upgrade
     * @throws UpgradeInProgressException when another upgrade or rollback is running
     */
    UpgradeResult rollback(RollbackRequest request) throws UpgradeRefusedException, UpgradeFailedException;

    /**
     * @param feature a feature name, or {@code null} for every feature
     * @return every upgrade, rollback and recovery of that feature, oldest first; empty when none
     */
    List<HistoryEntry> history(String feature);

    /**
     * @return the versions of {@code feature} known to the running system's repositories, ascending;
     *         empty when the feature is unknown
     */
    List<String> versions(String feature);

    /** @return the version of {@code feature} that is installed, if any */
    Optional<String> installedVersion(String feature);

    /**
     * @return every application feature (those of repositories other than Karaf's and Slipway's own), by
     *         name; empty when there is none
     * @since 1.1
     */
    List<Release> releases();

    /**
     * Compares two versions of a feature known to the repositories, bundle by bundle and exported package by
     * exported package, without changing anything.
     *
     * @param feature the feature name
     * @param from    the version before
     * @param to      the version after
     * @return the changelog; never {@code null}
     * @throws IllegalArgumentException when the feature has no such version; the message names it and the
     *         known versions
     * @throws IllegalStateException    when a bundle of either version cannot be read
     * @since 1.3
     */
    ReleaseChangelog changelog(String feature, String from, String to);

    /**
     * The running release's configuration as its code receives it: every key of every {@code <config>} the
     * installed version of {@code feature} declares, with its effective value (masked if secret), its source
     * (release default, operator edit, environment overlay, process environment) and whether it differs from the
     * release's default. Changes nothing.
     *
     * @throws IllegalArgumentException when {@code feature} is not installed
     * @since 1.5
     */
    List<ConfigurationValue> configuration(String feature);
}
