package org.slipway.shell.internal;

import org.apache.karaf.features.command.completers.AllFeatureCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;

/**
 * {@code feature:rollback}: back to the previously committed release of a feature, or to a named one,
 * through the same checks and verification as an upgrade.
 */
@Command(scope = "feature", name = "rollback",
        description = "Goes back to the previous committed release of a feature (or the named version), "
                + "checked and verified like an upgrade.")
@Service
public class RollbackCommand extends ChangeCommand {

    @Argument(index = 0, name = "feature", required = true, description = "The feature name, or name/version")
    @Completion(AllFeatureCompleter.class)
    String feature;

    @Argument(index = 1, name = "version", description = "The version to go back to (default: the previous release)")
    @Completion(FeatureVersionCompleter.class)
    String version;

    @Option(name = "-v", aliases = "--verbose", description = "Show the plan before applying it (checks run twice)")
    boolean verbose;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() throws Exception {
        FeatureVersion target = FeatureVersion.parse(feature, version);
        RollbackRequest request = new RollbackRequest(target.name(), target.version(), simulate,
                timeout(), ChangeCommand.configuration(config));
        printer().planThenApply(
                dryRun -> releases.rollback(request.withSimulate(dryRun)), simulate, simulate || verbose, true);
        return null;
    }
}
