package org.slipway.core.internal.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.slipway.api.ArchiveRejectedException;
import org.slipway.api.DeployRequest;
import org.slipway.api.DeployResult;
import org.slipway.api.DeployService;
import org.slipway.api.HistoryEntry.Action;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.core.internal.archive.ArchiveInspector;
import org.slipway.core.internal.archive.ArchivedFeature;
import org.slipway.core.internal.archive.BundleJar;
import org.slipway.core.internal.archive.ReleaseArchive;
import org.slipway.core.internal.engine.BundleInfo;
import org.slipway.core.internal.engine.DiskSpace;
import org.slipway.core.internal.engine.DurableFiles;
import org.slipway.core.internal.engine.ChangeEngine;
import org.slipway.core.internal.engine.Version;

/**
 * Deploys release archives in plain Java: stage a copy (size-limited), inspect it, and only then extract
 * it into {@code system/}, add its repository and upgrade each of its features through the
 * {@link ChangeEngine}: those of its features that are installed, or all with {@code --install}, and a
 * refusal when none is. A plain bundle jar ({@code *.jar}) updates the installed bundle of its name in
 * place, through the engine's bundle upgrade. A refusal or failure removes what the deploy added; a simulated deploy leaves
 * nothing behind. The archive's own warnings (an unsealed archive) join the plan of every feature it deploys.
 * Every outcome is recorded in the history. One deploy at a time.
 */
public final class Deployer implements DeployService {

    private final ChangeEngine engine;
    private final ArchiveInspector inspector;
    private final Repositories repositories;
    private final Staging staging;
    private final Path pending;
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param incoming where archives are staged while they are checked (under {@code data/}); a deploy in
     *                 flight is recorded next to it, in {@code deploy-pending}
     * @param maxBytes the size limit, applied while staging
     */
    public Deployer(ChangeEngine engine, ArchiveInspector inspector, Repositories repositories, Path incoming,
            long maxBytes) {
        this.engine = requireNonNull(engine, "engine");
        this.inspector = requireNonNull(inspector, "inspector");
        this.repositories = requireNonNull(repositories, "repositories");
        this.staging = new Staging(incoming, maxBytes);
        this.pending = incoming.resolveSibling("deploy-pending");
    }

    private volatile String deploying = "an archive";
    private volatile Instant deployingSince = Instant.now();

    @Override
    public DeployResult deploy(DeployRequest request)
            throws ArchiveRejectedException, UpgradeRefusedException, UpgradeFailedException {
        requireNonNull(request, "request");
        if (!lock.tryLock()) {
            throw new UpgradeInProgressException("the deploy of " + deploying, deployingSince);
        }
        String name = Staging.displayName(request.location());
        deploying = name;
        deployingSince = Instant.now();
        try {
            Path staged = staging.stage(request.location(), name);
            try {
                if (name.endsWith(".jar")) {
                    return deployBundle(request, name, inspector.inspectBundle(staged, name));
                }
                return deploy(request, name, inspector.inspect(staged, name, repositories::systemHas));
            } finally {
                Files.deleteIfExists(staged);
            }
        } catch (ArchiveRejectedException e) {
            engine.record(Action.DEPLOY, name, null, "(archive)", Outcome.REFUSED, e.getMessage());
            throw e;
        } catch (IOException e) {
            if (DiskSpace.isDiskFull(e)) { // staging and extraction undo what they wrote
                String why = "Cannot stage " + name + " or write system/: " + e.getMessage() + "; nothing was changed";
                engine.record(Action.DEPLOY, name, null, "(archive)", Outcome.REFUSED, why);
                throw new UpgradeRefusedException(name, "(archive)", List.of(Problem.error(why)));
            }
            throw new IllegalStateException("Cannot read " + name + " or write system/: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private DeployResult deploy(DeployRequest request, String name, ReleaseArchive archive)
            throws ArchiveRejectedException, UpgradeRefusedException, UpgradeFailedException, IOException {
        List<ArchivedFeature> targets = targets(request, name, archive);
        String added = repositories.isKnown(archive.featuresUrl()) ? null : archive.featuresUrl();
        // name, version and the version installed before ("-": none), to go back after a stop in the middle
        List<String> features = targets.stream().map(f -> f.name() + " " + f.version() + " "
                + engine.installedVersion(f.name()).orElse(PendingDeploy.NONE)).toList();
        // Recorded before the first file is written, so that a stop during extraction leaves nothing unknown.
        new PendingDeploy(added, features, archive.extractionPlan(repositories.system())).write(pending);
        DeployUndo undo;
        try {
            undo = new DeployUndo(repositories, archive.extractTo(repositories.system()));
        } catch (IOException | ArchiveRejectedException | RuntimeException e) {
            DurableFiles.delete(pending); // the extraction undid itself
            throw e;
        }
        try {
            new PendingDeploy(added, features, undo.written()).write(pending);
            if (added != null) {
                repositories.add(added);
                undo.repositoryAdded(added);
            }
            List<UpgradeResult> results = new ArrayList<>();
            try {
                for (ArchivedFeature feature : targets) {
                    UpgradeRequest upgrade = new UpgradeRequest(feature.name(), feature.version(), request.simulate(),
                            false, false, request.timeout()).withConfiguration(request.configuration());
                    results.add(engine.upgrade(upgrade, Action.DEPLOY));
                }
            } catch (UpgradeRefusedException | UpgradeFailedException | RuntimeException e) {
                // Any failure, an internal one included, takes back what the archive's earlier features did.
                AllOrNothing.revert(engine, results, e, request.timeout());
                throw e; // not reached: revert throws
            }
            DeployResult result = new DeployResult(name, archive.sha256(), withWarnings(results, archive.warnings()),
                    added);
            if (!request.simulate() && !result.isNoChange()) {
                undo.cancel();
            }
            results.stream().filter(r -> r.outcome() == Outcome.NO_CHANGES).forEach(r -> engine.record(
                    Action.DEPLOY, r.feature(), r.running(), r.plan().to(), Outcome.NO_CHANGES, name));
            return result;
        } catch (UpgradeRefusedException e) {
            engine.record(Action.DEPLOY, e.getFeature(), engine.installedVersion(e.getFeature()).orElse(null),
                    e.getVersion(), Outcome.REFUSED, name + ": " + e.getMessage());
            throw undone(undo, e);
        } catch (UpgradeFailedException e) {
            if (e.getResult().outcome() == Outcome.ROLLBACK_FAILED) {
                undo.cancel(); // the system needs an operator: leave everything where it is
            }
            throw undone(undo, e);
        } catch (RuntimeException e) {
            throw undone(undo, e);
        } catch (Exception e) {
            throw undone(undo, new IllegalStateException("Cannot add repository " + archive.featuresUrl() + ": "
                    + e.getMessage(), e));
        } finally {
            try {
                undo.run(); // after a failure: already run, a no-op
            } finally {
                DurableFiles.delete(pending);
            }
        }
    }

    /**
     * Runs {@code undo} after {@code failure}; when undoing fails too, that is added to {@code failure} (as a
     * suppressed exception) instead of hiding it.
     *
     * @return {@code failure}
     */
    private static <E extends Exception> E undone(DeployUndo undo, E failure) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        } finally {
            undo.cancel();
        }
        return failure;
    }

    /**
     * Finishes a deploy that a stop of the JVM interrupted (call at start, after the engine's recovery): when
     * every feature it upgraded runs at the archive's version, the deploy committed and stays; otherwise what
     * it added to {@code system/} and the repositories is removed.
     *
     * @return what was done, for the log; empty when no deploy was interrupted
     */
    public Optional<String> recoverInterrupted() throws IOException {
        int leftovers = staging.removeLeftovers();
        Optional<PendingDeploy> interrupted = PendingDeploy.read(pending);
        if (interrupted.isEmpty()) {
            return leftovers == 0 ? Optional.empty()
                    : Optional.of("Removed " + leftovers + " staged copies a stop left behind");
        }
        PendingDeploy deploy = interrupted.get();
        boolean committed = !deploy.features().isEmpty() && deploy.features().stream()
                .allMatch(f -> atDeployedVersion(f.split(" ")));
        List<String> reverted = new ArrayList<>();
        if (!committed) {
            reverted = revertInterrupted(deploy);
            DeployUndo undo = new DeployUndo(repositories, deploy.files());
            if (deploy.repository() != null && repositories.isKnown(deploy.repository())) {
                undo.repositoryAdded(deploy.repository());
            }
            undo.run();
        }
        DurableFiles.delete(pending);
        List<String> named = deploy.features().stream().map(f -> f.replaceFirst("^(\\S+ \\S+).*$", "$1")).toList();
        return Optional.of((committed ? "Kept" : "Removed") + " the deploy of " + String.join(", ", named)
                + " that a stop interrupted (" + deploy.files().size() + " files in system/"
                + (deploy.repository() == null ? "" : ", repository " + deploy.repository()) + ")"
                + (reverted.isEmpty() ? "" : "; " + String.join(", ", reverted) + " went back (all or nothing)"));
    }

    private boolean atDeployedVersion(String[] nameVersion) {
        return nameVersion.length >= 2 && engine.installedVersion(nameVersion[0]).map(nameVersion[1]::equals)
                .orElse(false);
    }

    /**
     * The all-or-nothing revert of a deploy that a stop cut short: each of its features that runs the archive's
     * release goes back to the one installed before the deploy, or is uninstalled when there was none, as
     * {@link AllOrNothing} does. Features recorded without their previous version (older records) stay.
     * Done again at the next start when a stop interrupts it too: the record is deleted only after.
     *
     * @throws IllegalStateException when one cannot go back; the record and the archive's files then stay
     */
    private List<String> revertInterrupted(PendingDeploy deploy) {
        List<String> reverted = new ArrayList<>();
        List<String> features = new ArrayList<>(deploy.features());
        java.util.Collections.reverse(features);
        for (String feature : features) {
            String[] fields = feature.split(" ");
            if (fields.length < 3 || !atDeployedVersion(fields) || fields[2].equals(fields[1])) {
                continue;
            }
            try {
                if (fields[2].equals(PendingDeploy.NONE)) {
                    engine.uninstall(fields[0], fields[1], Action.DEPLOY);
                } else {
                    engine.upgrade(UpgradeRequest.of(fields[0], fields[2]).withAllowDowngrade(true).withForce(true),
                            Action.ROLLBACK);
                }
                reverted.add(fields[0] + " " + fields[1]);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot take back " + fields[0] + " " + fields[1] + " of the deploy"
                        + " a stop interrupted: " + e.getMessage() + "; its files and repository stay", e);
            }
        }
        return reverted;
    }

    /** A plain bundle jar: the installed bundle of the same name is updated in place, checked and verified. */
    private DeployResult deployBundle(DeployRequest request, String name, BundleJar jar)
            throws UpgradeRefusedException, UpgradeFailedException {
        String version = Version.parse(jar.version()).toString();
        BundleInfo target = new BundleInfo(-1, jar.symbolicName(), version, "",
                jar.headers().getOrDefault("Export-Package", ""), jar.headers().getOrDefault("Import-Package", ""),
                Map.of(), List.of(), jar.headers().containsKey("Fragment-Host"));
        try {
            UpgradeResult result = engine.upgradeBundle(target, jar.file(), request.simulate(), request.timeout(),
                    Action.DEPLOY);
            if (result.outcome() == Outcome.NO_CHANGES) {
                engine.record(Action.DEPLOY, jar.symbolicName(), version, version, Outcome.NO_CHANGES, name);
            }
            return new DeployResult(name, jar.sha256(), List.of(result));
        } catch (UpgradeRefusedException e) {
            engine.record(Action.DEPLOY, jar.symbolicName(), null, version, Outcome.REFUSED,
                    name + ": " + e.getMessage());
            throw e;
        }
    }

    /**
     * @return {@code results} with {@code warnings} (the archive's own: see {@link ReleaseArchive#warnings()})
     *         added to the warnings of each result's plan, so that whoever shows a plan or a result shows them
     */
    static List<UpgradeResult> withWarnings(List<UpgradeResult> results, List<String> warnings) {
        if (warnings.isEmpty()) {
            return results;
        }
        return results.stream().map(result -> {
            Plan plan = result.plan();
            List<Problem> all = new ArrayList<>(plan.warnings());
            warnings.stream().map(Problem::warning).forEach(all::add);
            return new UpgradeResult(result.outcome(), new Plan(plan.feature(), plan.from(), plan.to(), plan.bundles(),
                    plan.packages(), plan.components(), all, plan.forced(), plan.features(), plan.configurations()),
                    result.running(), result.cause(), result.elapsed());
        }).toList();
    }

    /**
     * @return the archive's features to deploy: those installed (upgraded), or with {@code --install} all
     * @throws UpgradeRefusedException when none is installed and installing was not asked for
     */
    private List<ArchivedFeature> targets(DeployRequest request, String name, ReleaseArchive archive)
            throws UpgradeRefusedException, ArchiveRejectedException {
        if (archive.features().isEmpty()) {
            throw new ArchiveRejectedException(name, ArchiveRejectedException.Reason.INVALID_FEATURES,
                    name + " carries no feature: its features XML defines none");
        }
        List<ArchivedFeature> installed = archive.features().stream()
                .filter(f -> engine.installedVersion(f.name()).isPresent()).toList();
        if (request.install() || !installed.isEmpty()) {
            return request.install() ? archive.features() : installed;
        }
        ArchivedFeature first = archive.features().get(0);
        String names = archive.features().stream().map(f -> "\"" + f.name() + "\"")
                .collect(Collectors.joining(", "));
        UpgradeRefusedException e = new UpgradeRefusedException(first.name(), first.version(), List.of(Problem.error(
                (archive.features().size() == 1 ? "Feature " + names + " is not installed" : "None of the features "
                        + names + " is installed") + ", and " + name + " would install it: deploy upgrades "
                        + "installed releases; use --install to install " + archive.features().stream()
                                .map(ArchivedFeature::toString).collect(Collectors.joining(", ")))));
        engine.record(Action.DEPLOY, first.name(), null, first.version(), Outcome.REFUSED, e.getMessage());
        throw e;
    }
}
