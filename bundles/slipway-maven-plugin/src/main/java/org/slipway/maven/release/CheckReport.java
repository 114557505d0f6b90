package org.slipway.maven.release;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline verdict on a change from one release to another.
 *
 * @param transition      e.g. {@code greeter 1.1.0 -> 2.0.0}
 * @param violations      the imports the change breaks, as the live pre-check words them: any refuses it
 * @param releaseProblems where the release's version bump is smaller than its API change, or a package's
 *                        version bump smaller than its own API change (bnd's baseline mismatch)
 * @param warnings        what the live pre-check would warn about
 * @param changelog       the changes the verdict is about
 */
public record CheckReport(String transition, List<String> violations, List<String> releaseProblems,
        List<String> warnings, Changelog changelog) {

    public CheckReport {
        requireNonNull(transition, "transition");
        violations = List.copyOf(violations);
        releaseProblems = List.copyOf(releaseProblems);
        warnings = List.copyOf(warnings);
        requireNonNull(changelog, "changelog");
    }

    /** @return whether a live {@code feature:upgrade} would refuse the change */
    public boolean refused() {
        return !violations.isEmpty();
    }

    /** @return whether the build should fail: refused, or versions that understate the API change */
    public boolean failed() {
        return refused() || !releaseProblems.isEmpty();
    }

    /** @return plain data for JSON */
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("transition", transition);
        data.put("verdict", refused() ? "REFUSED" : "ACCEPTED");
        data.put("violations", violations);
        data.put("releaseProblems", releaseProblems);
        data.put("warnings", warnings);
        data.put("changelog", changelog.toData());
        return data;
    }
}
