package org.slipway.core.internal.karaf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployResult;
import org.slipway.api.DeployService;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.core.internal.deploy.DeployFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deploys a file dropped into the deploy folder and says what happened, for its reason file. */
final class FolderHandler implements DeployFolder.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(FolderHandler.class);

    private final DeployService deployer;
    private final Duration timeout;

    FolderHandler(DeployService deployer, Duration timeout) {
        this.deployer = deployer;
        this.timeout = timeout;
    }

    @Override
    public DeployFolder.Outcome deploy(Path file) {
        String name = file.getFileName().toString();
        try {
            DeployResult result = deployer.deploy(DeployRequest.of(file.toString()).withTimeout(timeout));
            LOG.info("Deployed {}: {}", name, result.summary());
            // the archive's warnings (an unsealed archive) after the summary, once each
            String warnings = result.results().stream().flatMap(r -> r.plan().warnings().stream())
                    .map(w -> "\nWARNING: " + w.message()).distinct().collect(Collectors.joining());
            return new DeployFolder.Outcome(true, result.outcome().name(), result.summary() + warnings);
        } catch (ArchiveRejectedException e) {
            return failed(name, "REJECTED", e.getMessage());
        } catch (UpgradeRefusedException e) {
            return failed(name, "REFUSED", e.getMessage());
        } catch (UpgradeFailedException e) {
            return failed(name, e.getResult().outcome().name(), e.getResult().summary());
        } catch (UpgradeInProgressException e) {
            return failed(name, DeployFolder.BUSY, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Deploying {} failed", name, e);
            return failed(name, "ERROR", String.valueOf(e.getMessage()));
        }
    }

    private static DeployFolder.Outcome failed(String name, String outcome, String message) {
        LOG.warn("Deploy of {} {}: {}", name, outcome.toLowerCase(), message);
        return new DeployFolder.Outcome(false, outcome, message);
    }
}
