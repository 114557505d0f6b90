package org.slipway.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.ReleaseService;

/**
 * {@code release:config}: the running release's configuration as its code receives it, key by key, with where
 * each value comes from and whether it differs from the release's default (secrets masked).
 */
@Command(scope = "release", name = "config",
        description = "Shows every key of the running release's configuration: effective value (secrets masked),"
                + " source (release, operator, environment, process) and the release's default.")
@Service
public class ConfigCommand implements Action {

    @Argument(index = 0, name = "feature", required = true, description = "The installed feature")
    String feature;

    @Option(name = "--json", description = "Print the configuration as JSON")
    boolean json;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() {
        Operations.configuration(releases, feature, System.out, json);
        return null;
    }

}
