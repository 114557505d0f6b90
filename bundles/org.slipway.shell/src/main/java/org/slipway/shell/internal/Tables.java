package org.slipway.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Release;

/** The releases and the history as text tables, for the shell and the management endpoint alike. */
final class Tables {

    private Tables() {
    }

    /**
     * @return the environment this instance runs in ({@code bin/slipway start --env}, the property
     *         {@code slipway.env}), or {@code null} for none
     */
    static String environment() {
        String name = System.getProperty("slipway.env");
        return name == null || name.isBlank() ? null : name.trim();
    }

    static void releases(List<Release> all, PrintStream out) {
        if (environment() != null) {
            out.println("Environment: " + environment());
        }
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
        boolean environments = entries.stream().anyMatch(e -> e.environment() != null);
        if (environments) {
            table.column("Environment");
        }
        for (HistoryEntry entry : entries) {
            List<Object> cells = new java.util.ArrayList<>(List.<Object>of(entry.time().toString(), entry.action(),
                    entry.feature(), entry.from() == null ? "-" : entry.from(), entry.to(), entry.outcome(),
                    entry.cause() == null ? "" : entry.cause()));
            if (environments) {
                cells.add(entry.environment() == null ? "-" : entry.environment());
            }
            table.addRow().addContent(cells);
        }
        table.print(out);
    }

    static void configuration(String feature, List<ConfigurationValue> values, PrintStream out) {
        if (environment() != null) {
            out.println("Environment: " + environment());
        }
        if (values.isEmpty()) {
            out.println("The running release of " + feature + " declares no configuration.");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Configuration");
        table.column("Key");
        table.column("Value");
        table.column("Source");
        table.column("Release default");
        for (ConfigurationValue value : values) {
            table.addRow().addContent(value.configuration(), value.key(), value.value() == null ? "(absent)"
                    : value.value(), value.source() + (value.differs() ? " *" : ""),
                    value.releaseDefault() == null ? "-" : value.releaseDefault());
        }
        table.print(out);
        out.println("* differs from the release's default");
    }
}
