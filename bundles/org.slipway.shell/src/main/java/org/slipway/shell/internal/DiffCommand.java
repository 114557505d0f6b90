package org.slipway.shell.internal;

import org.apache.karaf.features.command.completers.AllFeatureCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.ReleaseChangelog;
import org.slipway.api.ReleaseService;

/**
 * {@code release:diff}: the changelog of two versions of a feature, as slipway-maven-plugin's {@code diff}
 * goal writes it. Changes nothing.
 */
@Command(scope = "release", name = "diff",
        description = "Shows what changed between two versions of a feature: bundles, and every exported package"
                + " by its version and by its API (bnd's baseline). Changes nothing.")
@Service
public class DiffCommand implements Action {

    @Argument(index = 0, name = "feature", required = true, description = "The feature")
    @Completion(AllFeatureCompleter.class)
    String feature;

    @Argument(index = 1, name = "from", required = true, description = "The version before")
    String from;

    @Argument(index = 2, name = "to", required = true, description = "The version after")
    String to;

    @Option(name = "--json", description = "Print the changelog as JSON")
    boolean json;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() {
        ReleaseChangelog changelog = releases.changelog(feature, from, to);
        System.out.println(json ? changelog.json() : changelog.markdown());
        return null;
    }
}
