package org.slipway.testkit.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.slipway.api.BundleChange;
import org.slipway.api.Plan;
import org.slipway.api.Problem;

/** Text for assertion messages, and the bundle snapshots they compare. Stateless. */
public final class Describe {

    private static final int LISTED = 10;

    private Describe() {
    }

    /** @return the plan, one line a bundle and a warning, indented; as the operator's plan, shorter */
    public static String plan(Plan plan) {
        StringBuilder text = new StringBuilder("Plan for " + plan.feature() + " "
                + (plan.from() == null ? "(none)" : plan.from()) + " -> " + plan.to() + ":");
        if (plan.bundles().isEmpty()) {
            text.append(" no bundle changes");
        }
        for (BundleChange change : plan.bundles()) {
            text.append("\n    ").append(String.format("%-9s %s %s", change.action().name().toLowerCase(),
                    change.symbolicName(), versions(change))).append(" (").append(change.reason()).append(')');
        }
        for (Problem warning : plan.warnings()) {
            text.append("\n    ").append(warning);
        }
        return text.toString();
    }

    /** @return every problem on a line of its own, indented */
    public static String problems(List<Problem> problems) {
        StringBuilder text = new StringBuilder();
        for (Problem problem : problems) {
            text.append("\n    ").append(problem);
        }
        return text.toString();
    }

    /**
     * @param withIds whether each line names the bundle id (a rollback may reinstall a bundle under a new one)
     * @return every installed bundle as {@code <symbolic name> <version> [<id>] <STATE>}, sorted
     */
    public static List<String> bundles(BundleContext context, boolean withIds) {
        List<String> all = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            all.add(bundle.getSymbolicName() + " " + bundle.getVersion()
                    + (withIds ? " [" + bundle.getBundleId() + "]" : "") + " " + state(bundle.getState()));
        }
        all.sort(null);
        return List.copyOf(all);
    }

    /** @return what differs between two bundle snapshots, or {@code null} when they are equal */
    public static String difference(List<String> before, List<String> after) {
        if (before.equals(after)) {
            return null;
        }
        List<String> gone = new ArrayList<>(before);
        after.forEach(gone::remove);
        List<String> added = new ArrayList<>(after);
        before.forEach(added::remove);
        return "before only " + firstOf(gone) + ", after only " + firstOf(added);
    }

    /** @return the bundle state's name, as the framework's constant */
    public static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }

    private static String firstOf(Collection<String> lines) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(lines));
        return sorted.size() <= LISTED ? sorted.toString()
                : sorted.subList(0, LISTED) + " and " + (sorted.size() - LISTED) + " more";
    }

    private static String versions(BundleChange change) {
        if (change.from() == null) {
            return change.to();
        }
        if (change.to() == null || change.to().equals(change.from())) {
            return change.from();
        }
        return change.from() + " -> " + change.to();
    }
}
