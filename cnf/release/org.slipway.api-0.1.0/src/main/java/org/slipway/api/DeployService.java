package org.slipway.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Deploys release archives through the same pre-checks, plan, verification and rollback as
 * {@link ReleaseService#upgrade(UpgradeRequest)}.
 * <p>
 * The archive is verified first (zip structure, entry names, size limits, checksum manifest, signature
 * when required, features XML against Karaf's schema, every bundle present) before any byte of it reaches
 * {@code system/} or the framework. Then its repository is added and each of its features is upgraded;
 * when a pre-check refuses or the upgrade fails, the archive's files and repository are removed again.
 * <p>
 * Thread-safe; one deploy, upgrade or rollback runs at a time.
 */
@ProviderType
public interface DeployService {

    /**
     * @param request what to deploy; not {@code null}
     * @return the result per feature; {@link DeployResult#isNoChange()} when the archive's release is
     *         already running
     * @throws ArchiveRejectedException when the archive fails verification; nothing was installed
     * @throws UpgradeRefusedException when a pre-check refuses one of its features; nothing was changed
     * @throws UpgradeFailedException when the upgrade failed after a change and was rolled back (or the
     *         rollback failed too, as its result says)
     * @throws UpgradeInProgressException when another change is running
     */
    DeployResult deploy(DeployRequest request)
            throws ArchiveRejectedException, UpgradeRefusedException, UpgradeFailedException;
}
