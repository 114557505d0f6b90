package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeRefusedException;

/**
 * Every check that runs before a change, in order: the feature and version exist, the version order, the
 * semantic-version ranges of every staying importer, and the resolver's dry run. A refusal is thrown with
 * the problems found; none of these checks changes anything. Thread-safe if the runtime is.
 */
final class PreChecks {

    private final ReleaseRuntime runtime;

    PreChecks(ReleaseRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @return the plan to apply; {@link Plan#isEmpty() empty} when {@code requested} is already installed
     * @throws UpgradeRefusedException when a check refuses
     */
    Plan check(String feature, String requested, boolean force, boolean allowDowngrade)
            throws UpgradeRefusedException {
        List<String> known = runtime.knownVersions(feature);
        if (known.isEmpty()) {
            throw refused(feature, requested, "Feature \"" + feature + "\" is not known to any repository");
        }
        String to = known.stream().filter(v -> sameVersion(v, requested)).findFirst()
                .orElseThrow(() -> refused(feature, requested, "Feature \"" + feature + "\" has no version "
                        + requested + " in any repository (known: " + String.join(", ", known) + ")"));
        String from = runtime.installedVersion(feature).orElse(null);
        if (from != null && sameVersion(from, to)) {
            return new Plan(feature, from, from, List.of(), List.of(), List.of(), List.of(), false);
        }
        if (from != null && !allowDowngrade && isLower(to, from)) {
            throw refused(feature, to, "Feature \"" + feature + "\" " + to + " is older than the installed " + from
                    + ": that is a downgrade; use --allow-downgrade to go back anyway");
        }

        Assessment assessment;
        try {
            List<BundleInfo> current = from == null ? List.of() : runtime.featureBundles(feature, from);
            assessment = new Planner(new UpdateRange(runtime.bundleUpdateRange())).plan(new Transition(feature, from, to), runtime.installedBundles(), current,
                    runtime.featureBundles(feature, to));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw refused(feature, to, String.valueOf(e.getMessage()));
        }
        if (!assessment.violations().isEmpty() && !force) {
            throw new UpgradeRefusedException(feature, to, assessment.problems());
        }
        Plan plan = assessment.forced();

        List<String> resolution = runtime.resolve(feature, to);
        if (!resolution.isEmpty()) {
            List<Problem> problems = new ArrayList<>();
            ResolutionMessages.translate(resolution).forEach(m -> problems.add(Problem.error(m)));
            problems.addAll(plan.warnings());
            throw new UpgradeRefusedException(feature, to, problems);
        }
        return plan;
    }

    private static UpgradeRefusedException refused(String feature, String version, String message) {
        return new UpgradeRefusedException(feature, version, List.of(Problem.error(message)));
    }

    private static boolean sameVersion(String a, String b) {
        return a.equals(b) || parse(a).isPresent() && parse(a).equals(parse(b));
    }

    private static boolean isLower(String version, String than) {
        Optional<Version> a = parse(version);
        Optional<Version> b = parse(than);
        return a.isPresent() && b.isPresent() && a.get().compareTo(b.get()) < 0;
    }

    private static Optional<Version> parse(String version) {
        try {
            return Optional.of(Version.parse(version));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
