package org.slipway.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Release;

/** The releases and the history as text tables, for the shell and the management endpoint alike. */
final class Tables {

    private Tables() {
    }

    static void releases(List<Release> all, PrintStream out) {
        if (all.isEmpty()) {
            out.println("No application features are known.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Feature");
        table.column("Installed");
        table.column("Available");
        for (Release release : all) {
            table.addRow().addContent(release.feature(), release.installed() == null ? "-" : release.installed(),
                    String.join(", ", release.versions()));
        }
        table.print(out);
    }

    static void history(List<HistoryEntry> entries, PrintStream out) {
        if (entries.isEmpty()) {
            out.println("No upgrades or rollbacks yet.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Action");
        table.column("Feature");
        table.column("From");
        table.column("To");
        table.column("Outcome");
        table.column("Cause");
        for (HistoryEntry entry : entries) {
            table.addRow().addContent(entry.time().toString(), entry.action(), entry.feature(),
                    entry.from() == null ? "-" : entry.from(), entry.to(), entry.outcome(),
                    entry.cause() == null ? "" : entry.cause());
        }
        table.print(out);
    }
}
