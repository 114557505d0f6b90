package org.slipway.shell.internal;

import java.util.List;

import org.apache.karaf.features.command.completers.AllFeatureCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.slipway.api.HistoryEntry;
import org.slipway.api.ReleaseService;

/**
 * {@code release:history}: every upgrade, rollback and crash recovery, oldest first.
 */
@Command(scope = "release", name = "history",
        description = "Lists every upgrade, rollback and crash recovery: when, from, to, outcome, cause.")
@Service
public class HistoryCommand implements Action {

    @Argument(index = 0, name = "feature", description = "Only this feature")
    @Completion(AllFeatureCompleter.class)
    String feature;

    @Option(name = "--json", description = "Print the history as JSON")
    boolean json;

    @Reference
    ReleaseService releases;

    @Override
    public Object execute() {
        List<HistoryEntry> entries = releases.history(feature);
        if (json) {
            System.out.println(Json.write(Views.history(entries)));
            return null;
        }
        Tables.history(entries, System.out);
        return null;
    }
}
