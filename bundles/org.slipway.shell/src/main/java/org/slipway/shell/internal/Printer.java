package org.slipway.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.BundleChange;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.DeployResult;
import org.slipway.api.FeatureChange;
import org.slipway.api.PackageChange;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;

/**
 * Renders plans, results and refusals for the operator, as text or as JSON.
 */
final class Printer {

    /** Prefix of the last line {@code --outcome-line} adds, for scripts such as bin/slipway. */
    static final String OUTCOME = "slipway-outcome: ";

    private final PrintStream out;
    private final boolean json;
    private final boolean outcomeLine;
    private final Watch watch;
    private String lastOutcome;
    private final List<String> checking = new ArrayList<>();

    /**
     * @param outcomeLine end with a line {@code slipway-outcome: <OUTCOME>} (COMMITTED, REFUSED, ...)
     * @param watch       shows the steps of the change that runs for real, as they happen (not in JSON)
     */
    Printer(PrintStream out, boolean json, boolean outcomeLine, Watch watch) {
        this.out = out;
        this.json = json;
        this.outcomeLine = outcomeLine;
        this.watch = json ? Watch.NONE : watch;
    }

    /** Runs work while the steps of the change it makes are shown. */
    interface Watch {
        Watch NONE = new Watch() {
            @Override
            public <T> T during(Printer printer, java.util.concurrent.Callable<T> work) throws Exception {
                return work.call();
            }
        };

        <T> T during(Printer printer, java.util.concurrent.Callable<T> work) throws Exception;
    }

    /**
     * One line of progress: the step that starts, and the time since the change started. The checking steps
     * are shown only once the change goes past them, so that a refusal or "No changes." prints alone.
     */
    void step(org.slipway.api.ChangeStep step) {
        if (step.last()) {
            return;
        }
        String line = String.format(java.util.Locale.ROOT, "  %5.2f s  %s", step.elapsed().toMillis() / 1000.0,
                step.step().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        if (step.step().equals("CHECKING") || step.step().equals("RESOLVING")) {
            checking.add(line);
            return;
        }
        checking.forEach(out::println);
        checking.clear();
        out.println(line);
        out.flush();
    }

    /** One call to the release service, simulated or for real. */
    interface Change {
        UpgradeResult run(boolean simulate) throws UpgradeRefusedException, UpgradeFailedException;
    }

    /** One call to the deploy service, simulated or for real. */
    interface Deploy {
        DeployResult run(boolean simulate) throws Exception;
    }

    /** A command's work, rendering its own result; @return the outcome's name */
    interface Work {
        String run() throws Exception;
    }

    /**
     * Plan, show, then act: with {@code showPlan} asks for the simulated plan and shows it before applying it
     * (two runs of the checks); otherwise applies at once — the change runs every check itself — and shows its
     * plan after it when {@code planAfter} (or when a refusal was forced). Refusals and failures are rendered,
     * then rethrown so that the shell command fails.
     */
    void planThenApply(Change change, boolean simulate, boolean showPlan, boolean planAfter) throws Exception {
        guarded(() -> {
            if (!simulate && !showPlan) { // the change runs every check itself: one pre-check, not two
                UpgradeResult result = watch.during(this, () -> change.run(false));
                if (planAfter || result.plan().forced()) {
                    plan(result.plan());
                }
                result(result);
                return result.outcome().name();
            }
            UpgradeResult planned = change.run(true);
            plan(planned.plan());
            UpgradeResult result = simulate || planned.outcome() == UpgradeResult.Outcome.NO_CHANGES ? planned
                    : watch.during(this, () -> change.run(false));
            result(result);
            return result.outcome().name();
        });
    }

    /**
     * As {@link #planThenApply} for a release archive; without {@code showPlan} or {@code simulate} the
     * archive is deployed at once (the deploy runs every check itself).
     */
    void deploy(Deploy deploy, boolean simulate, boolean showPlan) throws Exception {
        guarded(() -> {
            DeployResult result = null;
            if (simulate || showPlan) {
                result = deploy.run(true);
                if (result.repository() != null && !json) {
                    out.println("Repository to add: " + result.repository());
                }
                result.results().forEach(r -> plan(r.plan()));
            }
            boolean planShown = result != null;
            if (result == null || !simulate && !result.isNoChange()) {
                result = watch.during(this, () -> deploy.run(false));
            }
            if (!planShown) {
                deployWarnings(result);
            }
            deployed(result);
            return result.outcome().name();
        });
    }

    /** Runs {@code work}; renders a rejection, refusal or failure, ends with the outcome line, rethrows. */
    private void guarded(Work work) throws Exception {
        try {
            outcome(work.run());
        } catch (ArchiveRejectedException rejected) {
            rejected(rejected);
            outcome("REJECTED");
            throw rejected;
        } catch (UpgradeRefusedException refused) {
            refused(refused);
            outcome("REFUSED");
            throw refused;
        } catch (UpgradeFailedException failed) {
            result(failed.getResult());
            outcome(failed.getResult().outcome().name());
            throw failed;
        } catch (UpgradeInProgressException busy) {
            out.println(json ? Json.write(Views.busy(busy)) : busy.getMessage());
            outcome("IN_PROGRESS");
            throw busy;
        }
    }

    /** @return the outcome of the last command rendered, {@code null} before one ended */
    String lastOutcome() {
        return lastOutcome;
    }

    /** Ends the output with the outcome line, when asked for. */
    private void outcome(String outcome) {
        lastOutcome = outcome;
        if (outcomeLine) {
            out.println(OUTCOME + outcome);
        }
    }

    void plan(Plan plan) {
        if (json) {
            return;
        }
        String from = plan.from() == null ? "(not installed)" : plan.from();
        out.println("Plan for " + plan.feature() + " " + from + " -> " + plan.to() + ":");
        if (plan.bundles().isEmpty()) {
            out.println("  No changes.");
        }
        for (PackageChange change : plan.packages()) {
            out.println("  package   " + change.packageName() + " " + change.from() + " -> "
                    + (change.to() == null ? "(removed)" : change.to()) + " " + change.delta().name().toLowerCase()
                    + " (" + change.exporter() + ")");
        }
        for (FeatureChange change : plan.features()) {
            out.println("  feature   " + change.action().name().toLowerCase() + " " + change.id());
        }
        for (ConfigurationChange change : plan.configurations()) {
            out.println("  " + (change.kind() == ConfigurationChange.Kind.FILE ? "file      " : "config    ")
                    + change.action().name().toLowerCase() + " " + change.target()
                    + (change.properties().isEmpty() ? "" : " " + change.properties()));
            for (ConfigurationChange.Key key : change.keys()) {
                out.println("            " + key.name() + ": " + shown(key.from()) + " -> " + shown(key.to()) + " ("
                        + (key.source() == ConfigurationChange.Source.OPERATOR ? "operator's, kept" : "release")
                        + ")");
            }
        }
        Map<String, List<BundleChange>> byFeature = byFeature(plan);
        byFeature.forEach((feature, changes) -> {
            if (byFeature.size() > 1) {
                out.println("  " + (feature.isEmpty() ? "in no feature of the change" : "feature " + feature) + ":");
            }
            for (BundleChange change : changes) {
                out.println((byFeature.size() > 1 ? "    " : "  ") + String.format("%-9s",
                        change.action().name().toLowerCase()) + " " + change.symbolicName() + " " + versions(change)
                        + " (" + change.reason() + ")");
            }
        });
        for (String component : plan.components()) {
            out.println("  restart   component " + component);
        }
        for (Problem warning : plan.warnings()) {
            out.println("  WARNING   " + warning.message());
        }
    }

    void result(UpgradeResult result) {
        out.println(json ? Json.write(Views.result(result)) : result.summary());
    }

    /** The warnings of a deploy whose plans were not shown (an unsealed archive), once each; not in JSON. */
    private void deployWarnings(DeployResult result) {
        if (json) {
            return;
        }
        result.results().stream().flatMap(r -> r.plan().warnings().stream()).map(Problem::message).distinct()
                .forEach(message -> out.println("WARNING: " + message));
    }

    void deployed(DeployResult result) {
        out.println(json ? Json.write(Views.deployed(result)) : result.summary());
    }

    void rejected(ArchiveRejectedException rejected) {
        out.println(json ? Json.write(Views.rejected(rejected)) : rejected.getMessage());
    }

    void refused(UpgradeRefusedException refused) {
        if (json) {
            out.println(Json.write(Views.refused(refused)));
            return;
        }
        for (Problem problem : refused.getProblems()) {
            out.println("  " + problem.severity() + "  " + problem.message());
        }
    }

    /**
     * The plan's bundles grouped by the feature that brings them: the planned feature's own first, then
     * its dependencies by name, then ({@code ""}) the bundles of no feature of the change.
     */
    private static String shown(String value) {
        return value == null ? "(absent)" : "\"" + value + "\"";
    }

    private static Map<String, List<BundleChange>> byFeature(Plan plan) {
        String own = plan.feature() + "/" + plan.to();
        Map<String, List<BundleChange>> groups = new TreeMap<>((a, b) -> a.equals(b) ? 0
                : a.equals(own) ? -1 : b.equals(own) ? 1 : a.isEmpty() ? 1 : b.isEmpty() ? -1 : a.compareTo(b));
        for (BundleChange change : plan.bundles()) {
            String feature = change.feature() == null ? "" : change.feature();
            groups.computeIfAbsent(feature, f -> new ArrayList<>()).add(change);
        }
        return groups;
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
