package org.slipway.core.internal.engine;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slipway.api.FeatureChange;
import org.slipway.api.HistoryEntry;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;

/**
 * The state machine that applies a checked plan: journal first, then the runtime, at every step.
 * {@code APPLYING -> APPLIED -> VERIFYING -> COMMITTED}, or on any failure after the first change
 * {@code ROLLING_BACK -> ROLLED_BACK | ROLLBACK_FAILED}. Also brings an interrupted change back at start.
 * The runtime's checkpoint is called after each journal record: {@code APPLYING}, {@code APPLIED},
 * {@code VERIFYING}, {@code VERIFIED} (verified, commit not yet recorded), {@code ROLLING_BACK}, and
 * {@code RECOVERING} when {@link #recover(Duration)} starts going back.
 * <p>
 * Calls into the application are held for the whole change, from before the state is taken until after it
 * was handed over (or back, after a rollback); the state goes into the journal's first record, so that crash
 * recovery hands it back too.
 * Not thread-safe: the {@link ReleaseEngine} runs one change at a time.
 */
final class Executor {

    /** Journal payload key prefix of the application state taken before a change, by state key. */
    static final String STATE = "state.";

    private final ReleaseRuntime runtime;
    private final Journal journal;
    private final Clock clock;
    private final Bounded bounded;
    private final Supplier<Progress> progress;
    private final DiskSpace space;

    Executor(ReleaseRuntime runtime, Journal journal, Clock clock, Supplier<Progress> progress, DiskSpace space) {
        this.runtime = runtime;
        this.journal = journal;
        this.clock = clock;
        this.progress = progress;
        this.space = space;
        this.bounded = new Bounded(runtime, Bounded.GRACE);
    }

    /**
     * @return the committed result
     * @throws UpgradeFailedException when applying or verifying failed; the system was rolled back, or
     *         the rollback failed too, as the result says
     */
    UpgradeResult apply(HistoryEntry.Action action, Plan plan, Expectations expectations, Map<String, String> saved,
            List<String> along, Duration timeout, Instant start) throws UpgradeRefusedException, UpgradeFailedException {
        return apply(action, plan, expectations, saved, along, List.of(), timeout, start);
    }

    /**
     * As {@link #apply(HistoryEntry.Action, Plan, Expectations, Map, List, Duration, Instant)}, writing
     * {@code writes} to the configurations just before the features service's deployment.
     */
    UpgradeResult apply(HistoryEntry.Action action, Plan plan, Expectations expectations, Map<String, String> saved,
            List<String> along, List<ConfigurationWrite> writes, Duration timeout, Instant start)
            throws UpgradeRefusedException, UpgradeFailedException {
        return apply(action, plan, ChangeTarget.feature(runtime, plan.feature(), plan.to(), expectations, saved,
                new ChangeTarget.Requests(along, replaced(plan)), writes), timeout, start);
    }

    /**
     * @return the dependency features {@code plan} uninstalls, as {@code name/version}: what going back requests
     *         with the feature, so that every feature the change touched returns to the version it had
     */
    static List<String> replaced(Plan plan) {
        return plan.features().stream().filter(f -> f.action() == FeatureChange.Action.UNINSTALL)
                .map(FeatureChange::id).toList();
    }

    /**
     * As {@link #apply(HistoryEntry.Action, Plan, Expectations, Map, List, Duration, Instant)}, moving {@code target}:
     * holds calls into the application and lets running ones end, takes the application's state, journals it
     * with the change, swaps, verifies, hands the state over, and only then lets the held calls go on.
     *
     * @throws UpgradeRefusedException when the state cannot be taken; nothing was changed
     */
    UpgradeResult apply(HistoryEntry.Action action, Plan plan, ChangeTarget target, Duration timeout, Instant start)
            throws UpgradeRefusedException, UpgradeFailedException {
        Optional<String> shortage = space.shortage();
        if (shortage.isPresent()) {
            throw new UpgradeRefusedException(plan.feature(), plan.to(), List.of(Problem.error(shortage.get())));
        }
        progress.get().step("HOLDING");
        try (CallHold held = hold(plan, timeout)) {
            progress.get().step("SNAPSHOT");
            StateTaken taken = snapshot(action, plan, timeout);
            return swap(action, taken.plan(), target, taken.state(), timeout, start);
        }
    }

    private CallHold hold(Plan plan, Duration timeout) throws UpgradeRefusedException {
        try {
            return runtime.holdCalls(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpgradeRefusedException(plan.feature(), plan.to(), List.of(Problem.error(
                    "Interrupted while waiting for the calls running in the application to end")));
        }
    }

    private record StateTaken(Plan plan, Map<String, String> state) {
    }

    /**
     * Takes the application's state. A change forward is refused when any of it cannot be taken; going back
     * ({@code ROLLBACK}: an operator's rollback, an archive's all-or-nothing revert) goes on with what could be
     * taken, the rest named in the plan's warnings: the older release must not depend on a failing component.
     */
    private StateTaken snapshot(HistoryEntry.Action action, Plan plan, Duration timeout) throws UpgradeRefusedException {
        try {
            return new StateTaken(plan, runtime.snapshotState(timeout));
        } catch (StateUnavailableException e) {
            if (action == HistoryEntry.Action.ROLLBACK) {
                List<Problem> warnings = new ArrayList<>(plan.warnings());
                warnings.add(Problem.warning("Going back without the state that could not be taken: " + e.getMessage()));
                return new StateTaken(new Plan(plan.feature(), plan.from(), plan.to(), plan.bundles(), plan.packages(),
                        plan.components(), warnings, plan.forced(), plan.features(), plan.configurations()), e.taken());
            }
            throw refusedForState(plan, e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw refusedForState(plan, e);
        }
    }

    private static UpgradeRefusedException refusedForState(Plan plan, RuntimeException e) {
        return new UpgradeRefusedException(plan.feature(), plan.to(), List.of(Problem.error(
                "The application's state cannot be taken: " + e.getMessage())));
    }

    private UpgradeResult swap(HistoryEntry.Action action, Plan plan, ChangeTarget target, Map<String, String> state,
            Duration timeout, Instant start) throws UpgradeRefusedException, UpgradeFailedException {
        try {
            return journaled(action, plan, target, state, timeout, start);
        } finally {
            space.keepReserve(); // released by a change that found the disk full; taken again when there is room
        }
    }

    private UpgradeResult journaled(HistoryEntry.Action action, Plan plan, ChangeTarget target,
            Map<String, String> state, Duration timeout, Instant start)
            throws UpgradeRefusedException, UpgradeFailedException {
        String feature = plan.feature();
        Map<String, String> payload = new LinkedHashMap<>(target.payload());
        state.forEach((key, snapshot) -> payload.put(STATE + key, snapshot));
        JournalRecord record = new JournalRecord(journal.newId(clock.instant(), feature), clock.instant(), action,
                feature, plan.from(), plan.to(), JournalState.APPLYING, null, payload);
        progress.get().step("APPLYING");
        try {
            journal.begin(record);
        } catch (UncheckedIOException e) {
            throw new UpgradeRefusedException(feature, plan.to(), List.of(Problem.error(describe(e)
                    + "; nothing was changed")));
        }
        String cause;
        boolean interrupted = false;
        try {
            runtime.checkpoint("APPLYING");
            bounded.run("applying " + feature + " " + plan.to(), () -> target.install(plan.to()), timeout);
            record = step(record, JournalState.APPLIED, null);
            progress.get().step("VERIFYING");
            record = step(record, JournalState.VERIFYING, null);
            List<String> problems = target.verify(plan.to(), timeout);
            if (problems.isEmpty()) {
                progress.get().step("RESTORING");
                problems = runtime.restoreState(state, timeout);
            }
            if (problems.isEmpty()) {
                progress.get().step("COMMITTING");
                runtime.checkpoint("VERIFIED");
                finish(record, JournalState.COMMITTED, Outcome.COMMITTED, null);
                return new UpgradeResult(Outcome.COMMITTED, plan, plan.to(), null, since(start));
            }
            cause = plan.feature() + " " + plan.to() + " is not healthy within " + format(timeout) + ": "
                    + String.join("; ", problems);
        } catch (InterruptedException e) {
            interrupted = true;
            cause = "interrupted while applying " + feature + " " + plan.to();
        } catch (Bounded.StuckException e) {
            cause = e.getMessage();
            return stuck(action, plan, record, cause, start);
        } catch (Exception e) {
            cause = describe(e);
            if (DiskSpace.isDiskFull(e) && space.release()) {
                cause += "; the disk filled during the change: Slipway released its reserve ("
                        + DiskSpace.mib(space.reserveBytes()) + ") to go back";
            }
        }
        progress.get().step("ROLLING_BACK");
        try {
            JournalRecord rolling = record.next(JournalState.ROLLING_BACK, clock.instant(), cause);
            // From here on the runtime is restored even when the journal cannot be written: the journal then
            // still names the change in flight, and the next start recovers it again, which is harmless.
            String unjournaled = unless(() -> journal.append(rolling));
            runtime.checkpoint(JournalState.ROLLING_BACK.name());
            String failure = restore(rolling, target, timeout);
            Outcome outcome = failure == null ? Outcome.ROLLED_BACK : Outcome.ROLLBACK_FAILED;
            String why = failure == null ? cause : cause + "; going back to " + version(plan.from()) + " failed: "
                    + failure;
            JournalState end = outcome == Outcome.ROLLED_BACK ? JournalState.ROLLED_BACK : JournalState.ROLLBACK_FAILED;
            if (unjournaled == null) {
                unjournaled = unless(() -> finish(rolling, end, outcome, why));
            }
            String told = unjournaled == null ? why : why + "; the journal could not record it: " + unjournaled;
            throw new UpgradeFailedException(new UpgradeResult(outcome, plan, failure == null ? plan.from() : null,
                    told, since(start)));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Applying did not end even after its threads were interrupted: the features service is stuck, so going
     * back through it would be stuck too. Recorded as ROLLBACK_FAILED, with what the operator must do; the
     * journal keeps the change in flight, so that the next start goes back before application bundles start.
     */
    private UpgradeResult stuck(HistoryEntry.Action action, Plan plan, JournalRecord record, String cause,
            Instant start) throws UpgradeFailedException {
        String why = cause + "; not rolled back: the framework is stuck in application code. Restart the instance "
                + "(bin/slipway stop, which kills the JVM when the stuck bundle keeps it from stopping; then bin/slipway "
                + "start): at start, before any application bundle runs, recovery goes back to " + version(plan.from());
        JournalRecord rolling = record.next(JournalState.ROLLING_BACK, clock.instant(), why);
        // The change stays in flight in the journal (recovery at the next start); the history says so now.
        String unjournaled = unless(() -> {
            journal.append(rolling);
            journal.appendHistory(entry(rolling, action, Outcome.ROLLBACK_FAILED, why));
        });
        throw new UpgradeFailedException(new UpgradeResult(Outcome.ROLLBACK_FAILED, plan, null,
                unjournaled == null ? why : why + "; the journal could not record it: " + unjournaled, since(start)));
    }

    /** @return why {@code write} failed, or {@code null} when it did not */
    private static String unless(Runnable write) {
        try {
            write.run();
            return null;
        } catch (UncheckedIOException e) {
            return describe(e);
        }
    }

    /**
     * Brings a change that a stop interrupted back to the release that was running before it.
     *
     * @return the recovery, as written to the history; empty when no change was interrupted
     */
    Optional<HistoryEntry> recover(Duration timeout) {
        Optional<JournalRecord> pending = journal.pending();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        JournalRecord last = pending.get();
        if (last.state().isFinal()) { // stopped after recording the end, before clearing current
            if (journal.history(last.feature()).stream().noneMatch(e -> e.id().equals(last.id()))) {
                journal.appendHistory(entry(last, last.action(), outcome(last.state()), last.cause()));
            }
            journal.clearCurrent();
            return Optional.empty();
        }
        String cause = "JVM stopped during " + last.state() + " of " + last.transition() + " (journal " + last.id()
                + ")";
        JournalRecord record = new JournalRecord(last.id(), clock.instant(), HistoryEntry.Action.RECOVERY,
                last.feature(), last.from(), last.to(), JournalState.ROLLING_BACK, cause, last.payload());
        journal.append(record);
        runtime.checkpoint("RECOVERING");
        String failure;
        try (CallHold held = runtime.holdCalls(Duration.ZERO)) {
            failure = restore(record, ChangeTarget.of(runtime, record), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        String why = failure == null ? cause : cause + "; going back to " + version(last.from()) + " failed: " + failure;
        JournalState state = failure == null ? JournalState.ROLLED_BACK : JournalState.ROLLBACK_FAILED;
        return Optional.of(finish(record, state, outcome(state), why));
    }

    /** Goes back to the record's {@code from} (or uninstalls {@code to}); @return why that failed, or null */
    private String restore(JournalRecord record, ChangeTarget target, Duration timeout) {
        try {
            if (record.from() == null) {
                if (runtime.installedVersion(record.feature()).isEmpty()) {
                    // A stop in the middle of Karaf's install can leave the release's bundles installed while the
                    // features service does not record the feature (it saves its state at the end): finish the
                    // install (application bundles are still held at recovery), so that uninstalling removes them.
                    try {
                        bounded.run("completing " + record.feature() + " " + record.to(),
                                () -> target.install(record.to()), timeout);
                    } catch (Exception e) {
                        // nothing installable to complete: nothing of it to remove either
                    }
                }
                if (runtime.installedVersion(record.feature()).isPresent()) {
                    bounded.run("uninstalling " + record.feature() + " " + record.to(),
                            () -> target.uninstall(record.to()), timeout);
                }
                runtime.applicationsMayStart();
                return null;
            }
            bounded.run("going back to " + record.feature() + " " + record.from(), () -> target.install(record.from()),
                    timeout);
            runtime.applicationsMayStart();
            List<String> problems = target.verify(record.from(), timeout);
            if (!problems.isEmpty()) {
                return record.feature() + " " + record.from() + " is not healthy within " + format(timeout) + ": "
                        + String.join("; ", problems);
            }
            List<String> lost = runtime.restoreState(state(record), timeout);
            return lost.isEmpty() ? null : "the state taken before the change was not taken back: "
                    + String.join("; ", lost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return describe(e);
        }
    }

    /** @return the state snapshots journaled with the change, by key */
    private static Map<String, String> state(JournalRecord record) {
        Map<String, String> state = new LinkedHashMap<>();
        record.payload().forEach((k, v) -> {
            if (k.startsWith(STATE)) {
                state.put(k.substring(STATE.length()), v);
            }
        });
        return state;
    }

    private JournalRecord step(JournalRecord record, JournalState state, String cause) {
        JournalRecord next = record.next(state, clock.instant(), cause);
        journal.append(next);
        runtime.checkpoint(state.name());
        return next;
    }

    private HistoryEntry finish(JournalRecord record, JournalState state, Outcome outcome, String cause) {
        JournalRecord last = record.next(state, clock.instant(), cause);
        HistoryEntry entry = entry(last, last.action(), outcome, cause);
        journal.finish(last, entry);
        return entry;
    }

    private HistoryEntry entry(JournalRecord record, HistoryEntry.Action action, Outcome outcome, String cause) {
        return new HistoryEntry(record.id(), clock.instant(), action, record.feature(), record.from(), record.to(),
                outcome, cause);
    }

    private static Outcome outcome(JournalState state) {
        return switch (state) {
            case COMMITTED -> Outcome.COMMITTED;
            case ROLLED_BACK -> Outcome.ROLLED_BACK;
            default -> Outcome.ROLLBACK_FAILED;
        };
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private static String format(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static String version(String version) {
        return version == null ? "no release" : version;
    }

    /** @return the exception's message, followed by its root cause's when that says more (an activator's own) */
    static String describe(Exception e) {
        String message = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message;
    }
}
