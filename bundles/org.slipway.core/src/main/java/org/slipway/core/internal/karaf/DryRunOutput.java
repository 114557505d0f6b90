package org.slipway.core.internal.karaf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Karaf 4.4's features service prints for a simulated deployment ({@code Deployer.logDeployment} and
 * the simulate branch of {@code Deployer.deploy}), parsed back into data:
 *
 * <pre>
 * Changes to perform:
 *   Region: root
 *     Bundles to uninstall:
 *       symbolicName/version
 *     Bundles to update:
 *       symbolicName/version with location
 *     Bundles to install:
 *       location
 *   Bundles to refresh:
 *     symbolicName/version (reason)
 * </pre>
 *
 * or {@code No deployment change.} Karaf offers that dry run as printed lines only; the format is pinned to
 * the Karaf version the distribution ships and covered by a test against its real output. Lines before the
 * first block (such as {@code Adding features: ...}) are skipped; a second block (another deployment that
 * the features service ran right after) ends the parse.
 *
 * @param uninstall bundles uninstalled, {@code symbolicName/version}
 * @param update    bundles updated in place, {@code symbolicName/version} to the new location
 * @param install   locations installed
 * @param refresh   bundles refreshed, {@code symbolicName/version} to Karaf's reason
 */
record DryRunOutput(List<String> uninstall, Map<String, String> update, List<String> install,
        Map<String, String> refresh) {

    private static final String HEADER = "Changes to perform:";
    private static final String NO_CHANGE = "No deployment change.";

    DryRunOutput {
        uninstall = List.copyOf(uninstall);
        update = Map.copyOf(update);
        install = List.copyOf(install);
        refresh = Map.copyOf(refresh);
    }

    /**
     * @throws IllegalArgumentException when the lines hold no deployment block at all (the output format
     *         changed, or nothing was printed)
     */
    static DryRunOutput parse(List<String> lines) {
        List<String> uninstall = new ArrayList<>();
        Map<String, String> update = new LinkedHashMap<>();
        List<String> install = new ArrayList<>();
        Map<String, String> refresh = new LinkedHashMap<>();
        String section = null;
        boolean seen = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.equals(HEADER) || line.equals(NO_CHANGE)) {
                if (seen) {
                    break;
                }
                seen = true;
                section = null;
            } else if (!seen) {
                continue;
            } else if (line.endsWith(":")) {
                section = line;
            } else if (section != null && !line.isEmpty()) {
                switch (section) {
                    case "Bundles to uninstall:" -> uninstall.add(line);
                    case "Bundles to update:" -> {
                        int with = line.indexOf(" with ");
                        if (with > 0) {
                            update.put(line.substring(0, with), line.substring(with + " with ".length()));
                        }
                    }
                    case "Bundles to install:" -> install.add(line);
                    case "Bundles to refresh:" -> {
                        int open = line.indexOf(" (");
                        if (open > 0 && line.endsWith(")")) {
                            refresh.put(line.substring(0, open), line.substring(open + 2, line.length() - 1));
                        }
                    }
                    default -> { } // Managing bundle:, configurations to delete: not changes of bundles
                }
            }
        }
        if (!seen) {
            throw new IllegalArgumentException("The features service printed no deployment for its dry run ("
                    + lines.size() + " lines): expected \"" + HEADER + "\" or \"" + NO_CHANGE + "\"");
        }
        return new DryRunOutput(uninstall, update, install, refresh);
    }
}
