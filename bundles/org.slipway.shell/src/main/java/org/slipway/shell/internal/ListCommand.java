package org.slipway.shell.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.Release;
import org.slipway.api.ReleaseService;

/**
 * {@code release:list}: the application's features, the version installed and the versions available.
 */
@Command(scope = "release", name = "list",
        description = "Lists the application's features: installed version and every available version.")
@Service
public class ListCommand implements Action {

    @Option(name = "--json", description = "Print the releases as JSON")
    boolean json;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() {
        List<Release> all = releases.releases();
        if (json) {
            System.out.println(Json.write(all.stream().map(Views::release).collect(Collectors.toList())));
            return null;
        }
        Tables.releases(all, System.out);
        return null;
    }
}
