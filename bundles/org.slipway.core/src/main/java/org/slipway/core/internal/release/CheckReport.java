package org.slipway.core.internal.release;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;

/**
 * The offline verdict on a change from one release to another.
 *
 * @param transition      e.g. {@code greeter 1.1.0 -> 2.0.0}
 * @param violations      the imports the change breaks, as the live pre-check finds them: any refuses it
 * @param packages        the exported packages of the bundles the change updates or removes, as the live
 *                        plan lists them
 * @param releaseProblems where the release's version bump is smaller than its API change, or a package's
 *                        version bump smaller than its own API change (bnd's baseline mismatch)
 * @param warnings        what the live pre-check would warn about
 * @param changelog       the changes the verdict is about
 */
public record CheckReport(String transition, List<ImportViolation> violations, List<PackageChange> packages,
        List<String> releaseProblems, List<String> warnings, Changelog changelog) {

    public CheckReport {
        requireNonNull(transition, "transition");
        violations = List.copyOf(violations);
        packages = List.copyOf(packages);
        releaseProblems = List.copyOf(releaseProblems);
        warnings = List.copyOf(warnings);
        requireNonNull(changelog, "changelog");
    }

    /** @return whether a live {@code feature:upgrade} would refuse the change */
    public boolean refused() {
        return !violations.isEmpty();
    }

    /** @return each violation as the live pre-check words it */
    public List<String> refusals() {
        return violations.stream().map(ImportViolation::describe).toList();
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
        data.put("violations", violations.stream().map(v -> {
            Map<String, Object> violation = new LinkedHashMap<>();
            violation.put("importer", v.importer());
            violation.put("importerVersion", v.importerVersion());
            violation.put("package", v.packageName());
            violation.put("range", v.range());
            violation.put("offered", v.offered());
            violation.put("message", v.describe());
            return violation;
        }).toList());
        data.put("packages", packages.stream().map(p -> {
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("package", p.packageName());
            pkg.put("exporter", p.exporter());
            pkg.put("from", p.from());
            pkg.put("to", p.to());
            pkg.put("delta", p.delta().name());
            return pkg;
        }).toList());
        data.put("releaseProblems", releaseProblems);
        data.put("warnings", warnings);
        data.put("changelog", changelog.toData());
        return data;
    }
}
