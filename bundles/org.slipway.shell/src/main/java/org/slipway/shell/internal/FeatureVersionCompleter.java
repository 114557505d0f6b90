package org.slipway.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.slipway.api.ReleaseService;

/**
 * Completes the version argument with the known versions of the feature typed before it.
 */
@Service
public class FeatureVersionCompleter implements Completer {

    @Reference
    ReleaseService releases;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] arguments = commandLine.getArguments();
        String feature = null;
        for (int i = 1; i < commandLine.getCursorArgumentIndex() && i < arguments.length; i++) {
            if (!arguments[i].startsWith("-")) {
                feature = arguments[i];
                break;
            }
        }
        if (feature == null) {
            return -1;
        }
        return new StringsCompleter(releases.versions(feature)).complete(session, commandLine, candidates);
    }
}
