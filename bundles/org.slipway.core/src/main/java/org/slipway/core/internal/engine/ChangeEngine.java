package org.slipway.core.internal.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.slipway.api.HistoryEntry;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * What the core's own callers (the deployer of release archives and bundle jars) ask of the release engine
 * beyond the operator's {@link ReleaseService}: changes recorded under their own action, bundle jars, the
 * all-or-nothing uninstall, and outcomes that never reached the engine. The Karaf adapter registers the engine
 * under this interface too (service property {@code slipway.engine=true}), so that no caller casts the
 * {@code ReleaseService} to its implementation. Implementations are thread-safe.
 */
public interface ChangeEngine {

    /** As {@link ReleaseService#upgrade(UpgradeRequest)}, recorded in the journal and history as {@code action}. */
    UpgradeResult upgrade(UpgradeRequest request, HistoryEntry.Action action)
            throws UpgradeRefusedException, UpgradeFailedException;

    /**
     * Updates the single installed bundle of {@code jar}'s symbolic name in place from {@code file}, checked,
     * verified and rolled back like a feature upgrade.
     */
    UpgradeResult upgradeBundle(BundleInfo jar, Path file, boolean simulate, Duration timeout,
            HistoryEntry.Action action) throws UpgradeRefusedException, UpgradeFailedException;

    /** Uninstalls {@code feature} {@code version} that a change of the same deploy installed. */
    void uninstall(String feature, String version, HistoryEntry.Action action) throws Exception;

    /** Records an outcome that never reached the engine (a refused deploy) in the history. */
    void record(HistoryEntry.Action action, String feature, String from, String to, Outcome outcome, String cause);

    /** @return the installed version of {@code feature}, if any */
    Optional<String> installedVersion(String feature);
}
