package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Optional;

import org.slipway.api.ConfigurationChoice;
import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeRefusedException;

/**
 * Every check that runs before a change, in order: the feature and version exist, the version order, the
 * features service's dry run (one resolution: it says whether the target resolves and what it would do),
 * the three-way merge of release configuration and the new bundles' metatype over what it leaves, and the
 * semantic-version ranges of every staying importer of every package the dry run changes. A refusal is thrown with
 * the problems found; none of these checks changes anything. Thread-safe if the runtime is.
 */
final class PreChecks {

    private final ReleaseRuntime runtime;
    private final Supplier<Progress> progress;

    PreChecks(ReleaseRuntime runtime, Supplier<Progress> progress) {
        this.runtime = runtime;
        this.progress = progress;
    }

    /**
     * @param along the features to request with {@code feature} at exactly their versions ({@code name/version}):
     *              when going back, the dependency features the change being undone replaced
     * @return the plan to apply, with what verification must find; its plan {@link Plan#isEmpty() empty}
     *         when {@code requested} is already installed
     * @throws UpgradeRefusedException when a check refuses
     */
    Assessment check(String feature, String requested, boolean force, boolean allowDowngrade, List<String> along)
            throws UpgradeRefusedException {
        return check(feature, requested, force, allowDowngrade, along, ConfigurationChoice.MERGE);
    }

    /**
     * As {@link #check(String, String, boolean, boolean, List)}, merging the release configurations three ways
     * ({@link ConfigurationMerge}), with {@code choice} deciding the keys both sides changed.
     */
    Assessment check(String feature, String requested, boolean force, boolean allowDowngrade, List<String> along,
            ConfigurationChoice choice) throws UpgradeRefusedException {
        List<String> known = runtime.knownVersions(feature);
        if (known.isEmpty()) {
            throw refused(feature, requested, "Feature \"" + feature + "\" is not known to any repository");
        }
        String to = known.stream().filter(v -> sameVersion(v, requested)).findFirst()
                .orElseThrow(() -> refused(feature, requested, "Feature \"" + feature + "\" has no version "
                        + requested + " in any repository (known: " + String.join(", ", known) + ")"));
        Platform platform = runtime.platform();
        if (platform.features().contains(feature)) {
            throw refused(feature, requested, "Feature \"" + feature + "\" is part of the platform (Karaf, Slipway or "
                    + "what they depend on), not an application release: upgrading the platform is not done "
                    + "through feature:upgrade or release archives");
        }
        String from = runtime.installedVersion(feature).orElse(null);
        if (from != null && sameVersion(from, to)) {
            return new Assessment(new Plan(feature, from, from, List.of(), List.of(), List.of(), List.of(), false),
                    List.of(), Expectations.NONE);
        }
        if (from != null && !allowDowngrade && isLower(to, from)) {
            throw refused(feature, to, "Feature \"" + feature + "\" " + to + " is older than the installed " + from
                    + ": that is a downgrade; use --allow-downgrade to go back anyway");
        }

        Transition transition = new Transition(feature, from, to);
        Deployment deployment;
        progress.get().step("RESOLVING");
        try {
            deployment = runtime.simulate(feature, to, along);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw refused(feature, to, String.valueOf(e.getMessage()));
        } finally {
            progress.get().step("CHECKING");
        }
        List<BundleInfo> installed = runtime.installedBundles(); // read once: every bundle, its wiring, its components
        if (!deployment.resolves()) {
            throw unresolvable(transition, installed, deployment.failure(), force);
        }
        Assessment assessment = assess(transition, installed, deployment)
                .withWarnings(EarlyStarts.warnings(deployment, platform));
        ConfigurationMerge.Result merged = ConfigurationMerge.merge(assessment.plan().configurations(),
                deployment.sides(), choice, feature + " " + to);
        if (!merged.conflicts().isEmpty()) {
            throw new UpgradeRefusedException(feature, to, merged.conflicts());
        }
        assessment = assessment.withConfigurations(merged);
        List<Problem> unreadable = new ArrayList<>(ConfigurationReferences.check(
                ConfigurationValidation.after(deployment.sides(), merged.writes()), runtime::interpolates));
        unreadable.addAll(ConfigurationValidation.check(deployment.designations(), deployment.sides(),
                merged.writes()));
        if (!unreadable.isEmpty()) {
            throw new UpgradeRefusedException(feature, to, unreadable);
        }
        List<String> touched = PlatformGuard.touched(assessment.plan(), installed, platform);
        if (!touched.isEmpty()) {
            throw new UpgradeRefusedException(feature, to, touched.stream().map(Problem::error).toList());
        }
        if (!assessment.violations().isEmpty() && !force) {
            throw new UpgradeRefusedException(feature, to, assessment.problems());
        }
        return new Assessment(assessment.forced(), assessment.violations(), assessment.expectations(),
                assessment.writes());
    }

    private static Assessment assess(Transition transition, List<BundleInfo> installed, Deployment deployment)
            throws UpgradeRefusedException {
        try {
            return new Planner().plan(transition, installed, deployment);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw refused(transition.feature(), transition.to(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * The refusal of a target the resolver cannot resolve: the importers it breaks, found from the two
     * releases' own bundle lists, when there are any and not forced (they say why better than the
     * resolver); else the resolver's messages, translated, followed by the warnings (forced violations too).
     */
    private UpgradeRefusedException unresolvable(Transition transition, List<BundleInfo> installed,
            List<String> failure, boolean force) throws UpgradeRefusedException {
        String feature = transition.feature();
        List<BundleInfo> current;
        List<BundleInfo> target;
        try {
            current = transition.from() == null ? List.of() : runtime.featureBundles(feature, transition.from());
            target = runtime.featureBundles(feature, transition.to());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(feature, transition.to(), String.valueOf(e.getMessage()));
        }
        Deployment own = FeatureDiff.of(installed, current, target, new UpdateRange(runtime.bundleUpdateRange()),
                Map.of());
        Assessment assessment = assess(transition, installed, own);
        if (!assessment.violations().isEmpty() && !force) {
            return new UpgradeRefusedException(feature, transition.to(), assessment.problems());
        }
        List<Problem> problems = assessment.forced().warnings();
        List<Problem> errors = new ArrayList<>();
        ResolutionMessages.translate(failure).forEach(m -> errors.add(Problem.error(m)));
        errors.addAll(problems);
        return new UpgradeRefusedException(feature, transition.to(), errors);
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
