package org.slipway.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployService;
import org.slipway.api.ReleaseChangelog;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.shell.internal.Params.BadRequest;
import org.slipway.shell.internal.Tokens.Role;

/**
 * The operations of the management endpoint: the shell's commands, one call to the release or deploy service
 * each, rendered by the same {@link Printer} — as JSON, or as the shell's text with the change's steps as they
 * happen; a change ends with the outcome line.
 */
final class Operations {

    /** What an operation needs: who may call it, whether it changes anything, and the work. */
    enum Operation {
        RELEASES(Role.VIEWER, false), HISTORY(Role.VIEWER, false), CONFIG(Role.VIEWER, false), CHANGELOG(Role.VIEWER, false), UPGRADE(Role.ADMIN, true),
        ROLLBACK(Role.ADMIN, true), DEPLOY(Role.ADMIN, true);

        final Role role;
        final boolean changes;

        Operation(Role role, boolean changes) {
            this.role = role;
            this.changes = changes;
        }

        /** @return the operation at {@code path} ({@code /releases}, ...), or null */
        static Operation at(String path) {
            for (Operation operation : values()) {
                if (path.equals("/" + operation.name().toLowerCase(java.util.Locale.ROOT))) {
                    return operation;
                }
            }
            return null;
        }
    }

    private final ReleaseService releases;
    private final DeployService deployer;

    Operations(ReleaseService releases, DeployService deployer) {
        this.releases = releases;
        this.deployer = deployer;
    }

    /**
     * Runs {@code operation}, rendering to {@code out} as JSON or as the shell's text; a change ends with the
     * outcome line.
     *
     * @return the outcome of a change, {@code null} for a read
     * @throws BadRequest when a parameter is missing or malformed; nothing was written
     */
    String run(Operation operation, Params params, PrintStream out, boolean json, Printer.Watch watch)
            throws Exception {
        Printer printer = new Printer(out, json, true, watch);
        try {
            switch (operation) {
                case RELEASES -> releases(out, json);
                case HISTORY -> history(params, out, json);
                case CONFIG -> configuration(releases, params.required("feature"), out, json);
                case CHANGELOG -> changelog(params, out, json);
                case UPGRADE -> upgrade(params, printer);
                case ROLLBACK -> rollback(params, printer);
                case DEPLOY -> deploy(params, printer);
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        } catch (UpgradeRefusedException | UpgradeFailedException | UpgradeInProgressException
                | ArchiveRejectedException rendered) {
            // the printer rendered it and its outcome line
        }
        return operation.changes ? printer.lastOutcome() : null;
    }

    private void releases(PrintStream out, boolean json) {
        if (!json) {
            Tables.releases(releases.releases(), out);
        } else {
            out.println(Json.write(releases.releases().stream().map(Views::release).toList()));
        }
    }

    private void history(Params params, PrintStream out, boolean json) {
        String feature = params.optional("feature");
        if (!json) {
            Tables.history(releases.history(feature), out);
        } else {
            out.println(Json.write(Views.history(releases.history(feature))));
        }
    }

    /** release:config's table, or its JSON list. */
    static void configuration(ReleaseService releases, String feature, PrintStream out, boolean json) {
        List<ConfigurationValue> values = releases.configuration(feature);
        if (json) {
            out.println(Json.write(values.stream().map(Views::configuration).toList()));
        } else {
            Tables.configuration(feature, values, out);
        }
    }

    /** release:diff's changelog: Markdown, or its JSON object. */
    private void changelog(Params params, PrintStream out, boolean json) throws BadRequest {
        ReleaseChangelog changelog = releases.changelog(params.required("feature"), params.required("from"),
                params.required("to"));
        out.println(json ? changelog.json() : changelog.markdown());
    }

    private void upgrade(Params params, Printer printer) throws Exception {
        FeatureVersion target = FeatureVersion.parse(params.required("feature"), params.optional("version"));
        if (target.version() == null) {
            throw new BadRequest("Missing parameter \"version\"");
        }
        UpgradeRequest request = new UpgradeRequest(target.name(), target.version(), params.flag("simulate"),
                params.flag("force"), params.flag("allowDowngrade"), params.timeout())
                .withConfiguration(ChangeCommand.configuration(params.optional("config")));
        printer.planThenApply(dryRun -> releases.upgrade(request.withSimulate(dryRun)), request.simulate(),
                request.simulate() || params.flag("verbose"), false);
    }

    private void rollback(Params params, Printer printer) throws Exception {
        FeatureVersion target = FeatureVersion.parse(params.required("feature"), params.optional("version"));
        RollbackRequest request = new RollbackRequest(target.name(), target.version(), params.flag("simulate"),
                params.timeout()).withConfiguration(ChangeCommand.configuration(params.optional("config")));
        printer.planThenApply(dryRun -> releases.rollback(request.withSimulate(dryRun)), request.simulate(),
                request.simulate() || params.flag("verbose"), true);
    }

    private void deploy(Params params, Printer printer) throws Exception {
        DeployRequest request = new DeployRequest(params.required("archive"), params.flag("simulate"),
                params.flag("install"), params.timeout(), ChangeCommand.configuration(params.optional("config")));
        printer.deploy(dryRun -> deployer.deploy(request.withSimulate(dryRun)), request.simulate(),
                params.flag("verbose"));
    }

    /** @return the exit status bin/slipway gives {@code outcome}, as for the shell commands */
    static int exit(String outcome) {
        return switch (outcome == null ? "" : outcome) {
            case "", "COMMITTED", "NO_CHANGES", "SIMULATED" -> 0;
            case "REFUSED", "REJECTED", "IN_PROGRESS" -> 4;
            case "ROLLED_BACK" -> 5;
            case "ROLLBACK_FAILED" -> 6;
            default -> 1;
        };
    }
}
