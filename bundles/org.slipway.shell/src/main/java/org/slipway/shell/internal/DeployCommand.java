package org.slipway.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployService;

/**
 * {@code release:deploy}: verifies a release archive, then upgrades its features through the same checks,
 * verification and rollback as {@code feature:upgrade}.
 */
@Command(scope = "release", name = "deploy",
        description = "Deploys a release archive (a KAR, sealed or plain): verifies it, then upgrades its "
                + "installed features live, checked, verified and rolled back on failure.")
@Service
public class DeployCommand extends ChangeCommand {

    @Argument(index = 0, name = "archive", required = true, description = "The archive: a file path or URL")
    @Completion(FileCompleter.class)
    String archive;

    @Option(name = "-v", aliases = "--verbose", description = "Show the plan before applying it")
    boolean verbose;

    @Option(name = "--install", description = "Also install a feature of the archive that is not installed")
    boolean install;

    @Reference
    DeployService deployer;

    @Override
    public Object execute() throws Exception {
        DeployRequest request = new DeployRequest(archive, simulate, install, timeout(), configuration(config));
        printer().deploy(dryRun -> deployer.deploy(request.withSimulate(dryRun)), simulate, verbose);
        return null;
    }
}
