package org.slipway.core.internal.release;

import java.util.ArrayList;
import java.util.List;

import org.slipway.api.Problem;
import org.slipway.core.internal.engine.Assessment;
import org.slipway.core.internal.engine.OfflineCheck;
import org.slipway.core.internal.engine.Transition;
import org.slipway.core.internal.engine.UpdateRange;
import org.slipway.core.internal.engine.Version;
import org.slipway.core.internal.release.Changelog.Change;
import org.slipway.core.internal.release.Changelog.PackageDelta;

/**
 * The offline verdict: would a live {@code feature:upgrade} from one release to the next be refused, and
 * why, by the engine's own {@link OfflineCheck}; and does the release's version say as much as its API
 * changed, by bnd's baseline. Stateless.
 */
public final class ReleaseCheck {

    private ReleaseCheck() {
    }

    /** @param updateRange Karaf's {@code bundleUpdateRange}, which decides what is updated in place */
    public static CheckReport check(Release from, Release to, UpdateRange updateRange) {
        Transition transition = transition(from, to);
        Assessment assessment = assess(from, to, updateRange);
        Changelog changelog = ReleaseDiff.diff(from, to);
        List<String> warnings = assessment.plan().warnings().stream().map(Problem::message).toList();
        return new CheckReport(transition.toString(), assessment.violations(), assessment.plan().packages(),
                releaseProblems(transition, changelog), warnings, changelog);
    }

    /**
     * The engine's part of the verdict alone, without bnd: the plan and the import violations of a live
     * {@code feature:upgrade} from {@code from} to {@code to}.
     */
    public static Assessment assess(Release from, Release to, UpdateRange updateRange) {
        return new OfflineCheck().check(transition(from, to), from.bundles().stream().map(ReleaseBundle::info)
                .toList(), to.bundles().stream().map(ReleaseBundle::info).toList(), updateRange);
    }

    private static Transition transition(Release from, Release to) {
        return new Transition(to.feature(), from.version(), to.version());
    }

    private static List<String> releaseProblems(Transition transition, Changelog changelog) {
        List<String> problems = new ArrayList<>();
        Change api = changelog.apiChange();
        Change release = release(transition);
        if (release != null && api.compareTo(release) > 0) {
            String packages = String.join(", ", changelog.packages().stream()
                    .filter(p -> p.api().weight() == api).map(p -> p.name() + " (" + lower(p.api()) + ")").toList());
            problems.add(transition + " is a " + lower(release) + " release, but its API change is "
                    + lower(api) + ": " + packages);
        }
        for (PackageDelta p : changelog.mismatches()) {
            problems.add("Package " + p.name() + " of " + p.bundle() + " goes " + p.from() + " -> " + p.to()
                    + " (" + lower(p.version()) + "), but its API change is " + lower(p.api())
                    + "; bnd suggests " + p.suggested());
        }
        return problems;
    }

    /** @return the kind of the feature's version bump; {@code null} when a version is not an OSGi version */
    private static Change release(Transition transition) {
        try {
            return ReleaseDiff.numbers(Version.parse(transition.from()), Version.parse(transition.to()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String lower(Change change) {
        return change.name().toLowerCase();
    }
}
