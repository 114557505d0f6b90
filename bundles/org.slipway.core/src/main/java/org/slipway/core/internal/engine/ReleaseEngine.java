package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.slipway.api.ConfigurationChoice;
import org.slipway.api.ConfigurationValue;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.Release;
import org.slipway.api.ReleaseChangelog;
import org.slipway.api.ReleaseService;
import org.slipway.api.RollbackRequest;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeInProgressException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * The release service in plain Java: pre-checks and plan ({@link PreChecks}), then the state machine
 * ({@link Executor}), one change at a time, against a {@link ReleaseRuntime}. The Karaf adapter constructs
 * it, calls {@link #recover()} once at start, and only then offers it as a service. Thread-safe.
 */
public final class ReleaseEngine implements ReleaseService, ChangeEngine {

    private final ReleaseRuntime runtime;
    private final ChangelogReader changelogs;
    private final Journal journal;
    private final Clock clock;
    private final PreChecks preChecks;
    private final DiskSpace space;
    private final Executor executor;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile String running = "a change";
    private volatile Instant since = Instant.now();
    private volatile Progress progress = Progress.NONE;

    /** An engine with no rule on disk space: no minimum free, no reserve. */
    public ReleaseEngine(ReleaseRuntime runtime, Journal journal, Clock clock) {
        this(runtime, journal, clock, 0, 0);
    }

    /**
     * @param minimumFree the bytes that must be free under the journal's folder for a change to start
     * @param reserve     the bytes kept in a reserve file there, released when a change finds the disk full
     */
    public ReleaseEngine(ReleaseRuntime runtime, Journal journal, Clock clock, long minimumFree, long reserve) {
        this(runtime, journal, clock, minimumFree, reserve, ChangelogReader.NONE);
    }

    /**
     * @param changelogs how {@link #changelog} reads the change between two releases (the release tooling's
     *                   {@code Changelogs}, which depends on this package, not the other way round)
     */
    public ReleaseEngine(ReleaseRuntime runtime, Journal journal, Clock clock, long minimumFree, long reserve,
            ChangelogReader changelogs) {
        this.changelogs = requireNonNull(changelogs, "changelogs");
        this.runtime = requireNonNull(runtime, "runtime");
        this.journal = requireNonNull(journal, "journal");
        this.clock = requireNonNull(clock, "clock");
        this.preChecks = new PreChecks(runtime, () -> progress);
        this.space = new DiskSpace(journal.directory(), minimumFree, reserve);
        this.executor = new Executor(runtime, journal, clock, () -> progress, space);
    }

    @Override
    public UpgradeResult upgrade(UpgradeRequest request) throws UpgradeRefusedException, UpgradeFailedException {
        return upgrade(request, HistoryEntry.Action.UPGRADE);
    }

    /** As {@link #upgrade(UpgradeRequest)}, recorded in the journal and history as {@code action}. */
    @Override
    public UpgradeResult upgrade(UpgradeRequest request, HistoryEntry.Action action)
            throws UpgradeRefusedException, UpgradeFailedException {
        requireNonNull(request, "request");
        requireNonNull(action, "action");
        return exclusive(action, request.feature(), request.version(), () -> change(action,
                request.feature(), request.version(), request.simulate(), request.force(),
                request.allowDowngrade(), request.timeout(), request.configuration()));
    }

    @Override
    public UpgradeResult rollback(RollbackRequest request) throws UpgradeRefusedException, UpgradeFailedException {
        requireNonNull(request, "request");
        String target = request.version() != null ? request.version() : "(previous release)";
        return exclusive(HistoryEntry.Action.ROLLBACK, request.feature(), target, () -> change(
                HistoryEntry.Action.ROLLBACK, request.feature(),
                request.version() != null ? request.version() : previous(request.feature()), request.simulate(),
                false, true, request.timeout(), request.configuration()));
    }

    /**
     * Brings back a change that a stop of the JVM interrupted (its journal did not reach an end), to the
     * release that was running before it, with the default verification timeout; then lets application
     * bundles start ({@link ReleaseRuntime#applicationsMayStart()}), which the runtime holds until then. Call
     * once at start, before offering the service.
     *
     * @return the recovery as recorded in the history; empty when nothing was interrupted
     * @throws UpgradeInProgressException when a change is running
     * @throws java.io.UncheckedIOException when the journal cannot be read or written
     */
    public Optional<HistoryEntry> recover() {
        return recover(UpgradeRequest.DEFAULT_TIMEOUT);
    }

    /** As {@link #recover()}, verifying within {@code timeout}. */
    public Optional<HistoryEntry> recover(Duration timeout) {
        if (!lock.tryLock()) {
            throw new UpgradeInProgressException(running, since);
        }
        try {
            running = "crash recovery";
            since = clock.instant();
            Optional<HistoryEntry> recovered = executor.recover(timeout);
            if (recovered.isEmpty()) {
                runtime.applicationsMayStart();
            }
            space.keepReserve();
            return recovered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Upgrades one installed bundle in place from a jar, through the same checks (version order, every
     * importer's range against the jar's exports), journal, verification and rollback as a feature; the
     * result's plan names the bundle's symbolic name as its feature. Recorded as {@code action}.
     *
     * @param jar    the new bundle, described from its manifest (id {@code -1})
     * @param file   the jar's bytes
     * @throws UpgradeRefusedException when no single bundle of that name is installed, the jar's version is
     *         lower, or an importer's range refuses; nothing was changed
     */
    @Override
    public UpgradeResult upgradeBundle(BundleInfo jar, Path file, boolean simulate, Duration timeout,
            HistoryEntry.Action action) throws UpgradeRefusedException, UpgradeFailedException {
        return exclusive(action, jar.symbolicName(), jar.version(), () -> {
            Instant start = clock.instant();
            requireNoPending(jar.symbolicName(), jar.version());
            BundleUpgradeCheck change = BundleUpgradeCheck.check(runtime, jar);
            running = new Transition(jar.symbolicName(), change.installed().version(), jar.version()).toString();
            progress.transition(change.installed().version(), jar.version());
            Plan plan = change.plan();
            if (plan.isEmpty()) {
                return new UpgradeResult(Outcome.NO_CHANGES, plan, plan.to(), null, elapsed(start));
            } else if (simulate) {
                return new UpgradeResult(Outcome.SIMULATED, plan, plan.from(), null, elapsed(start));
            }
            Path previous;
            try {
                previous = runtime.keepRevision(change.installed().id());
            } catch (IOException e) {
                throw new UpgradeRefusedException(jar.symbolicName(), jar.version(),
                        List.of(Problem.error(String.valueOf(e.getMessage()))));
            }
            return executor.apply(action, plan, ChangeTarget.bundle(runtime, change.installed().id(),
                    jar.symbolicName(), jar.version(), file, previous), timeout, start);
        });
    }

    /**
     * Uninstalls {@code feature} {@code version} that a change of the same deploy installed, when a later
     * change of that deploy fails (all or nothing); recorded in the history as a rollback to no release.
     */
    @Override
    public void uninstall(String feature, String version, HistoryEntry.Action action) throws Exception {
        if (!lock.tryLock()) {
            throw new UpgradeInProgressException(running, since);
        }
        try {
            running = "uninstalling " + feature + " " + version;
            since = clock.instant();
            try (CallHold held = runtime.holdCalls(UpgradeRequest.DEFAULT_TIMEOUT)) {
                runtime.uninstall(feature, version);
            }
            record(HistoryEntry.Action.ROLLBACK, feature, version, "(none)", Outcome.COMMITTED,
                    action + " all or nothing: uninstalled what the same deploy installed");
        } finally {
            lock.unlock();
        }
    }

    /** Records an outcome that never reached the executor (a refused deploy) in the history. */
    @Override
    public void record(HistoryEntry.Action action, String feature, String from, String to, Outcome outcome,
            String cause) {
        Instant now = clock.instant();
        journal.appendHistory(new HistoryEntry(journal.newId(now, feature), now, action, feature, from, to,
                outcome, cause));
    }

    @Override
    public List<HistoryEntry> history(String feature) {
        return journal.history(feature);
    }

    @Override
    public List<String> versions(String feature) {
        return runtime.knownVersions(feature);
    }

    @Override
    public Optional<String> installedVersion(String feature) {
        return runtime.installedVersion(feature);
    }

    @Override
    public ReleaseChangelog changelog(String feature, String from, String to) {
        return changelogs.read(runtime, feature, from, to);
    }

    @Override
    public List<Release> releases() {
        return runtime.applicationFeatures().stream()
                .map(f -> new Release(f, runtime.installedVersion(f).orElse(null), runtime.knownVersions(f)))
                .collect(Collectors.toList());
    }

    @Override
    public List<ConfigurationValue> configuration(String feature) {
        String version = runtime.installedVersion(feature).orElseThrow(() -> new IllegalArgumentException(
                "Feature \"" + feature + "\" is not installed"));
        return runtime.configuration(feature, version);
    }

    private interface Change {
        UpgradeResult run() throws UpgradeRefusedException, UpgradeFailedException;
    }

    /**
     * Runs {@code change} as the one change in progress, named {@code feature version} until its pre-checks
     * know the transition (then {@code feature from -> to}).
     */
    private UpgradeResult exclusive(HistoryEntry.Action action, String feature, String version, Change change)
            throws UpgradeRefusedException, UpgradeFailedException {
        if (!lock.tryLock()) {
            throw new UpgradeInProgressException(running, since);
        }
        try {
            running = feature + " " + version;
            since = clock.instant();
            progress = new Progress(runtime, clock, action.name(), feature);
            progress.step("CHECKING");
            UpgradeResult result = change.run();
            progress.end(result.outcome().name());
            return result;
        } catch (UpgradeRefusedException e) {
            progress.end("REFUSED");
            throw e;
        } catch (UpgradeFailedException e) {
            progress.end(e.getResult().outcome().name());
            throw e;
        } catch (RuntimeException e) {
            progress.end("FAILED");
            throw e;
        } finally {
            progress = Progress.NONE;
            lock.unlock();
        }
    }

    private UpgradeResult change(HistoryEntry.Action action, String feature, String version, boolean simulate,
            boolean force, boolean allowDowngrade, Duration timeout, ConfigurationChoice configuration)
            throws UpgradeRefusedException, UpgradeFailedException {
        Instant start = clock.instant();
        requireNoPending(feature, version);
        List<String> along = replacedBy(feature, version);
        Assessment checked = preChecks.check(feature, version, force, allowDowngrade, along, configuration);
        Plan plan = checked.plan();
        running = new Transition(feature, plan.from(), plan.to()).toString();
        progress.transition(plan.from(), plan.to());
        if (plan.isEmpty()) {
            return new UpgradeResult(Outcome.NO_CHANGES, plan, plan.to(), null, elapsed(start));
        } else if (simulate) {
            return new UpgradeResult(Outcome.SIMULATED, plan, plan.from(), null, elapsed(start));
        }
        Map<String, String> saved;
        try {
            saved = runtime.capture(plan.configurations());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UpgradeRefusedException(feature, plan.to(), List.of(Problem.error(String.valueOf(e.getMessage()))));
        }
        return executor.apply(action, plan, checked.expectations(), saved, along, checked.writes(), timeout, start);
    }

    /**
     * The dependency features that the committed change from {@code version} to the installed release replaced,
     * as the journal recorded them ({@code name/version}): going back to {@code version} requests them with the
     * feature, at the versions that ran then. Empty when no committed change came from {@code version}, or its
     * journal file is gone (then the features service chooses the dependencies, as for any other change).
     */
    private List<String> replacedBy(String feature, String version) {
        return runtime.installedVersion(feature).flatMap(installed -> lastCommitTo(feature, installed))
                .filter(entry -> version.equals(entry.from()))
                .map(entry -> journal.records(entry.id()))
                .filter(records -> !records.isEmpty())
                .map(records -> ChangeTarget.Requests.ids(records.get(records.size() - 1).payload()
                        .get(ChangeTarget.BACK)))
                .orElse(List.of());
    }

    /** @return the last committed change of {@code feature} that ended at {@code installed}, by the history */
    private Optional<HistoryEntry> lastCommitTo(String feature, String installed) {
        List<HistoryEntry> entries = journal.history(feature);
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry entry = entries.get(i);
            if (entry.outcome() == Outcome.COMMITTED && installed.equals(entry.to())) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /**
     * @throws UpgradeRefusedException when a change is still in flight in the journal: one that got stuck in
     *         application code (ROLLBACK_FAILED, not rolled back), which only a restart brings back
     */
    private void requireNoPending(String feature, String version) throws UpgradeRefusedException {
        Optional<JournalRecord> pending = journal.pending();
        if (pending.isPresent()) {
            JournalRecord p = pending.get();
            throw new UpgradeRefusedException(feature, version, List.of(Problem.error("Change " + p.transition()
                    + " (journal " + p.id() + ") is still in flight: it got stuck in application code and was not "
                    + "rolled back. Restart the instance (bin/slipway stop, which kills the JVM when the stuck bundle "
                    + "keeps it from stopping; then bin/slipway start): at start, before any application bundle runs, "
                    + "recovery goes back to " + (p.from() == null ? "no release" : p.feature() + " " + p.from()))));
        }
    }

    /** @return the release committed before the installed one, by the history */
    private String previous(String feature) throws UpgradeRefusedException {
        String installed = runtime.installedVersion(feature).orElse(null);
        if (installed == null) {
            throw refused(feature, "Feature \"" + feature + "\" is not installed: there is nothing to roll back");
        }
        Optional<HistoryEntry> committed = lastCommitTo(feature, installed);
        if (committed.isPresent()) {
            HistoryEntry entry = committed.get();
            if (entry.from() == null) {
                throw refused(feature, "Feature \"" + feature + "\" " + installed + " was installed with no "
                        + "release before it (journal " + entry.id() + "): name the version to roll back to");
            }
            return entry.from();
        }
        throw refused(feature, "Feature \"" + feature + "\" has no committed change to " + installed
                + " in the history: name the version to roll back to");
    }

    private static UpgradeRefusedException refused(String feature, String message) {
        return new UpgradeRefusedException(feature, "(previous release)", List.of(Problem.error(message)));
    }

    private Duration elapsed(Instant start) {
        return Duration.between(start, clock.instant());
    }
}
