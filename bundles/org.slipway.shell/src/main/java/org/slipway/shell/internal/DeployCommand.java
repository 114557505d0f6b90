package org.slipway.shell.internal;

import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployResult;
import org.slipway.api.DeployService;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;

/**
 * {@code release:deploy}: verifies a release archive, then upgrades its features through the same checks,
 * verification and rollback as {@code feature:upgrade}.
 */
@Command(scope = "release", name = "deploy",
        description = "Deploys a release archive (KAR with checksum manifest): verifies it, then upgrades its "
                + "installed features live, checked, verified and rolled back on failure.")
@Service
public class DeployCommand implements Action {

    @Argument(index = 0, name = "archive", required = true, description = "The archive: a file path or URL")
    @Completion(FileCompleter.class)
    String archive;

    @Option(name = "-t", aliases = "--simulate", description = "Verify the archive and show the plan; change nothing")
    boolean simulate;

    @Option(name = "-v", aliases = "--verbose", description = "Show the plan before applying it")
    boolean verbose;

    @Option(name = "--install", description = "Also install a feature of the archive that is not installed")
    boolean install;

    @Option(name = "--timeout", description = "Seconds verification may take (default 30)")
    int timeout = (int) UpgradeRequest.DEFAULT_TIMEOUT.toSeconds();

    @Option(name = "--json", description = "Print the result as JSON")
    boolean json;

    @Option(name = "--outcome-line", description = "End with a line 'slipway-outcome: OUTCOME' (for bin/slipway)")
    boolean outcomeLine;

    @Reference
    DeployService deployer;

    @Override
    public Object execute() throws Exception {
        DeployRequest request = new DeployRequest(archive, simulate, install, Duration.ofSeconds(timeout));
        Printer printer = new Printer(System.out, json, outcomeLine);
        try {
            if (simulate || verbose) {
                DeployResult planned = deployer.deploy(request.withSimulate(true));
                planned.results().forEach(r -> printer.plan(r.plan()));
                if (simulate || planned.isNoChange()) {
                    finish(printer, planned);
                    return null;
                }
            }
            finish(printer, deployer.deploy(request));
        } catch (ArchiveRejectedException rejected) {
            printer.rejected(rejected);
            printer.outcome("REJECTED");
            throw rejected;
        } catch (UpgradeRefusedException refused) {
            printer.refused(refused);
            printer.outcome("REFUSED");
            throw refused;
        } catch (UpgradeFailedException failed) {
            printer.result(failed.getResult());
            printer.outcome(failed.getResult().outcome().name());
            throw failed;
        } catch (UpgradeInProgressException busy) {
            printer.outcome("IN_PROGRESS");
            throw busy;
        }
        return null;
    }

    private static void finish(Printer printer, DeployResult result) {
        printer.deployed(result);
        printer.outcome(result.isNoChange() ? UpgradeResult.Outcome.NO_CHANGES.name()
                : result.results().get(result.results().size() - 1).outcome().name());
    }
}
