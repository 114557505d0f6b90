package org.slipway.shell.internal;

import org.apache.karaf.features.command.completers.AllFeatureCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeRequest;

/**
 * {@code feature:upgrade}: Slipway's checked, verified, transactional upgrade (replaces Karaf's alias
 * for {@code feature:install -u}).
 */
@Command(scope = "feature", name = "upgrade",
        description = "Upgrades an installed feature live: checks semantic-version ranges, shows the plan, "
                + "applies it, verifies the result and rolls back automatically on failure.")
@Service
public class UpgradeCommand extends ChangeCommand {

    @Argument(index = 0, name = "feature", required = true,
            description = "The feature name, or name/version")
    @Completion(AllFeatureCompleter.class)
    String feature;

    @Argument(index = 1, name = "version", description = "The version to upgrade to")
    @Completion(FeatureVersionCompleter.class)
    String version;

    @Option(name = "-v", aliases = "--verbose", description = "Show the plan even when applying it")
    boolean verbose;

    @Option(name = "--force", description = "Apply even when importers' version ranges break (loudly)")
    boolean force;

    @Option(name = "--allow-downgrade", description = "Accept a version lower than the installed one")
    boolean allowDowngrade;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() throws Exception {
        FeatureVersion target = FeatureVersion.parse(feature, version).requireVersion("feature:upgrade");
        UpgradeRequest request = new UpgradeRequest(target.name(), target.version(), simulate, force,
                allowDowngrade, timeout(), ChangeCommand.configuration(config));
        printer().planThenApply(
                dryRun -> releases.upgrade(request.withSimulate(dryRun)), simulate, simulate || verbose, false);
        return null;
    }
}
