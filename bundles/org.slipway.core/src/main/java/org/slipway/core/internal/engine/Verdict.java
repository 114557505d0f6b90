package org.slipway.core.internal.engine;

import java.util.List;

import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.api.Problem;

/**
 * What the {@link CompatibilityChecker} found.
 *
 * @param packages   every exported package of an updated or removed bundle, old version to new
 * @param violations the imports of staying bundles that the change breaks; empty when compatible
 * @param warnings   findings that do not refuse the change
 */
public record Verdict(List<PackageChange> packages, List<ImportViolation> violations, List<Problem> warnings) {

    public Verdict {
        packages = List.copyOf(packages);
        violations = List.copyOf(violations);
        warnings = List.copyOf(warnings);
    }

    /** @return whether no staying bundle loses a package it needs */
    public boolean compatible() {
        return violations.isEmpty();
    }
}
