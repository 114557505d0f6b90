package org.slipway.testkit;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.slipway.api.BundleChange;
import org.slipway.api.ImportViolation;
import org.slipway.api.Problem;
import org.slipway.api.ReleaseService;
import org.slipway.api.UpgradeFailedException;
import org.slipway.api.UpgradeRefusedException;
import org.slipway.api.UpgradeRequest;
import org.slipway.api.UpgradeResult;
import org.slipway.api.UpgradeResult.Outcome;
import org.slipway.testkit.internal.Describe;
import org.slipway.testkit.internal.HttpLoad;

/**
 * One change to run and what to expect of it; made by {@link Upgrades#upgrade(String, String)}. The
 * {@code with}-methods and state checks return a new {@code Upgrade}; an {@code expect} method runs the change
 * through {@link ReleaseService#upgrade(UpgradeRequest)}, checks the outcome and everything the expectation
 * promises, and either returns an {@link UpgradeReport} or throws one {@link AssertionError} listing every
 * finding with the outcome, the plan and the problems.
 * <p>
 * For every expectation: the background load, when given, had no failed request and overlapped the change
 * (a load that sent nothing while the change ran proves nothing and fails the expectation too); every
 * {@link #keeps(String, Callable) kept} state reads the same after as before; every {@link #after(String,
 * Callable, Object) after}-check reads what it expects.
 * <p>
 * Immutable; an {@code expect} method may be called again (it runs the change again).
 */
public final class Upgrade {

    /** A state check: read before and after ({@code keeps}), or after only, against {@code expected}. */
    private record StateCheck(String what, Callable<?> reading, boolean keeps, Object expected) {
        StateCheck {
            requireNonNull(what, "what");
            requireNonNull(reading, "reading");
        }
    }

    /** What the system looked like before the change. */
    private record Before(Optional<String> installed, List<String> bundlesWithIds, List<String> bundles,
            int history, List<Object> kept) {
    }

    /** What the call to the release service gave: a result, a refusal or a failure. */
    private record Call(UpgradeResult result, UpgradeRefusedException refused, UpgradeFailedException failed) {
        Outcome outcome() {
            if (refused != null) {
                return Outcome.REFUSED;
            }
            return failed != null ? failed.getResult().outcome() : result.outcome();
        }

        UpgradeResult anyResult() {
            return failed != null ? failed.getResult() : result;
        }

        String describe() {
            if (refused != null) {
                return refused.getMessage() + Describe.problems(refused.getProblems());
            }
            UpgradeResult any = anyResult();
            return any.summary() + "\n  " + Describe.plan(any.plan());
        }
    }

    private static final Duration LOAD_WARM_UP = Duration.ofSeconds(5);

    private final BundleContext context;
    private final UpgradeRequest request;
    private final URI loadTarget;
    private final Duration loadInterval;
    private final List<StateCheck> checks;

    Upgrade(BundleContext context, UpgradeRequest request) {
        this(context, request, null, null, List.of());
    }

    private Upgrade(BundleContext context, UpgradeRequest request, URI loadTarget, Duration loadInterval,
            List<StateCheck> checks) {
        this.context = requireNonNull(context, "context");
        this.request = requireNonNull(request, "request");
        this.loadTarget = loadTarget;
        this.loadInterval = loadInterval;
        this.checks = List.copyOf(checks);
    }

    /** @return the request this change runs */
    public UpgradeRequest request() {
        return request;
    }

    /** @param timeout how long verification may take; positive */
    public Upgrade withTimeout(Duration timeout) {
        return new Upgrade(context, request.withTimeout(timeout), loadTarget, loadInterval, checks);
    }

    /** As {@link #withLoad(URI, Duration)}, a request every 5 ms. */
    public Upgrade withLoad(URI target) {
        return withLoad(target, Duration.ofMillis(5));
    }

    /**
     * Sends {@code GET target} every {@code interval} from before the change (the first answer is awaited, up to
     * 5 s) until after it, each request on a new connection, in parallel; a request fails when it gets no
     * {@code 2xx} answer within 15 s. Replaces a load given before.
     *
     * @param target   an {@code http} URI, usually on loopback; not {@code null}
     * @param interval between two requests sent; positive
     */
    public Upgrade withLoad(URI target, Duration interval) {
        requireNonNull(target, "target");
        requireNonNull(interval, "interval");
        if (!"http".equalsIgnoreCase(target.getScheme())) {
            throw new IllegalArgumentException("The load sends HTTP GETs; not an http URI: " + target);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        return new Upgrade(context, request, target, interval, checks);
    }

    /**
     * The state read by {@code state} is the same ({@link Objects#equals}) after the change as before it: read
     * before the load starts and after the change and the load have ended. The reading must not change the state
     * itself.
     *
     * @param what  names the state in a failure, e.g. {@code "Ada's count"}; not {@code null}
     * @param state reads it; not {@code null}
     */
    public Upgrade keeps(String what, Callable<?> state) {
        return with(new StateCheck(what, state, true, null));
    }

    /**
     * After the change (and the load) ended, {@code reading} answers {@code expected} ({@link Objects#equals}); a
     * predicate is {@code after("...", () -> condition, true)}.
     *
     * @param what    names the check in a failure; not {@code null}
     * @param reading reads what the application answers now; not {@code null}
     */
    public Upgrade after(String what, Callable<?> reading, Object expected) {
        return with(new StateCheck(what, reading, false, expected));
    }

    /**
     * Expects the change to be applied, verified and committed: outcome {@link Outcome#COMMITTED}, the feature's
     * installed version the requested one, every bundle the plan installs or updates installed at its new
     * version.
     */
    public UpgradeReport expectLive() {
        return run("upgrade live", Outcome.COMMITTED, (call, before, findings) -> {
            UpgradeResult result = call.result;
            if (!request.version().equals(result.running())) {
                findings.add("the release service says " + request.feature() + " " + result.running()
                        + " is running");
            }
            for (BundleChange change : result.plan().bundles()) {
                if ((change.action() == BundleChange.Action.INSTALL || change.action() == BundleChange.Action.UPDATE)
                        && !installed(change.symbolicName(), change.to())) {
                    findings.add("the plan's " + change.action().name().toLowerCase(Locale.ROOT) + " of "
                            + change.symbolicName() + " " + change.to() + " is not installed");
                }
            }
            return installedVersion(request.version(), findings);
        });
    }

    /**
     * Expects a pre-check to refuse the change and nothing to change: outcome {@link Outcome#REFUSED}, a problem
     * of the refusal containing {@code containing} (its message, or the importer or package of an import
     * violation), every bundle's symbolic name, version, id and state as before, the installed version as before,
     * no new entry in the feature's history.
     *
     * @param containing text the refusal must contain, e.g. a package name; not blank
     */
    public UpgradeReport expectRefused(String containing) {
        requireNonNull(containing, "containing");
        if (containing.isBlank()) {
            throw new IllegalArgumentException("containing must not be blank: any refusal would do");
        }
        return run("be refused for \"" + containing + "\"", Outcome.REFUSED, (call, before, findings) -> {
            if (!mentions(call.refused, containing)) {
                findings.add("no problem of the refusal contains \"" + containing + "\"");
            }
            nothingChanged(before, findings);
            return true;
        });
    }

    /**
     * Expects the change to fail after changing the system and to be rolled back: outcome
     * {@link Outcome#ROLLED_BACK}, the release that ran before running again (the installed version, and every
     * bundle's symbolic name, version and state as before; a rollback may reinstall a bundle under a new id).
     */
    public UpgradeReport expectRolledBack() {
        return expectRolledBack(null);
    }

    /**
     * As {@link #expectRolledBack()}, and the cause of the failure contains {@code causeContaining}.
     *
     * @param causeContaining text the cause must contain, or {@code null} for any cause
     */
    public UpgradeReport expectRolledBack(String causeContaining) {
        String expectation = "fail and be rolled back" + (causeContaining == null ? "" : " (\"" + causeContaining
                + "\")");
        return run(expectation, Outcome.ROLLED_BACK, (call, before, findings) -> {
            UpgradeResult result = call.failed.getResult();
            if (causeContaining != null && (result.cause() == null || !result.cause().contains(causeContaining))) {
                findings.add("the cause does not contain \"" + causeContaining + "\": " + result.cause());
            }
            String was = before.installed.orElse(null);
            if (!Objects.equals(was, result.running())) {
                findings.add("the release service says " + result.running() + " is running, not " + was);
            }
            String difference = Describe.difference(before.bundles, Describe.bundles(context, false));
            if (difference != null) {
                findings.add("bundles differ from before the change (name, version, state): " + difference);
            }
            return was == null || installedVersion(was, findings);
        });
    }

    @Override
    public String toString() {
        return "Upgrade " + request.feature() + " to " + request.version()
                + (loadTarget == null ? "" : " under GET " + loadTarget + " every " + loadInterval.toMillis() + " ms")
                + (checks.isEmpty() ? "" : ", " + checks.size() + " state checks");
    }

    // --- running a change

    /** What an expectation checks once the outcome is the expected one; adds findings, never throws. */
    private interface Expectation {
        boolean check(Call call, Before before, List<String> findings);
    }

    private UpgradeReport run(String expectation, Outcome expected, Expectation then) {
        ReleaseService releases = Upgrades.releaseService(context);
        List<String> findings = new ArrayList<>();
        Before before = before(releases, findings);
        HttpLoad load = null;
        Call call;
        LoadReport loadReport = null;
        try {
            if (loadTarget != null) {
                load = HttpLoad.start(loadTarget, loadInterval);
                load.awaitFirstAnswer(LOAD_WARM_UP);
                load.changeBegins();
            }
            call = call(releases);
            if (load != null) {
                load.changeEnded();
                // Requests after the change: the release that runs then answers too.
                Thread.sleep(Math.min(2000, Math.max(200, 2 * loadInterval.toMillis())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while " + this + " ran", e);
        } finally {
            if (load != null) {
                try {
                    loadReport = load.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        if (call.outcome() != expected) {
            findings.add("outcome " + call.outcome() + ", expected " + expected);
        } else {
            then.check(call, before, findings);
        }
        if (loadReport != null) {
            if (loadReport.failed() > 0) {
                findings.add(loadReport.failed() + " of " + loadReport.requests() + " requests failed: "
                        + loadReport.failures());
            }
            if (loadReport.duringChange() == 0) {
                findings.add("no request of the load ran while the change did: it proves nothing; shorten its"
                        + " interval (" + loadReport);
            }
        }
        checkStates(before, findings);

        String from = before.installed.orElse("(none)");
        if (!findings.isEmpty()) {
            throw new AssertionError(request.feature() + " " + from + " -> " + request.version() + " was expected to "
                    + expectation + ", but:\n  - " + String.join("\n  - ", findings) + "\n" + call.describe()
                    + (loadReport == null ? "" : "\nLoad: " + loadReport),
                    call.failed != null ? call.failed : call.refused);
        }
        return call.refused != null
                ? new UpgradeReport(request, Outcome.REFUSED, null, call.refused.getProblems(),
                        call.refused.getMessage(), loadReport)
                : new UpgradeReport(request, expected, call.anyResult(), List.of(), call.anyResult().summary(),
                        loadReport);
    }

    private Call call(ReleaseService releases) {
        try {
            return new Call(releases.upgrade(request), null, null);
        } catch (UpgradeRefusedException refused) {
            return new Call(null, refused, null);
        } catch (UpgradeFailedException failed) {
            return new Call(null, null, failed);
        }
    }

    private Before before(ReleaseService releases, List<String> findings) {
        List<Object> kept = new ArrayList<>();
        for (StateCheck check : checks) {
            kept.add(check.keeps ? read(check, "before the change", findings) : null);
        }
        return new Before(releases.installedVersion(request.feature()), Describe.bundles(context, true),
                Describe.bundles(context, false), releases.history(request.feature()).size(), kept);
    }

    private void checkStates(Before before, List<String> findings) {
        for (int i = 0; i < checks.size(); i++) {
            StateCheck check = checks.get(i);
            Object now = read(check, "after the change", findings);
            Object expected = check.keeps ? before.kept.get(i) : check.expected;
            if (!Objects.equals(expected, now)) {
                findings.add(check.what + (check.keeps ? " was not kept: before " : ": expected ") + quote(expected)
                        + ", after " + quote(now));
            }
        }
    }

    private void nothingChanged(Before before, List<String> findings) {
        ReleaseService releases = Upgrades.releaseService(context);
        String difference = Describe.difference(before.bundlesWithIds, Describe.bundles(context, true));
        if (difference != null) {
            findings.add("bundles changed (name, version, id, state): " + difference);
        }
        Optional<String> installed = releases.installedVersion(request.feature());
        if (!installed.equals(before.installed)) {
            findings.add(request.feature() + " " + installed.orElse("(none)") + " is installed, before "
                    + before.installed.orElse("(none)"));
        }
        int history = releases.history(request.feature()).size();
        if (history != before.history) {
            findings.add("the history of " + request.feature() + " has " + (history - before.history)
                    + " new entries");
        }
    }

    private boolean installedVersion(String version, List<String> findings) {
        Optional<String> installed = Upgrades.releaseService(context).installedVersion(request.feature());
        if (!installed.equals(Optional.of(version))) {
            findings.add(request.feature() + " " + installed.orElse("(none)") + " is installed, expected " + version);
            return false;
        }
        return true;
    }

    private boolean installed(String symbolicName, String version) {
        Version wanted = Version.parseVersion(version);
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName()) && wanted.equals(bundle.getVersion())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(UpgradeRefusedException refused, String text) {
        if (refused.getMessage() != null && refused.getMessage().contains(text)) {
            return true;
        }
        for (Problem problem : refused.getProblems()) {
            ImportViolation violation = problem.violation();
            if (problem.message().contains(text) || violation != null
                    && (violation.packageName().contains(text) || violation.importer().contains(text))) {
                return true;
            }
        }
        return false;
    }

    private static Object read(StateCheck check, String when, List<String> findings) {
        try {
            return check.reading.call();
        } catch (Exception | AssertionError e) {
            findings.add(check.what + " could not be read " + when + ": " + e);
            return null;
        }
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private Upgrade with(StateCheck check) {
        List<StateCheck> all = new ArrayList<>(checks);
        all.add(check);
        return new Upgrade(context, request, loadTarget, loadInterval, all);
    }
}
