package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slipway.api.ImportViolation;
import org.slipway.api.PackageChange;
import org.slipway.api.PackageChange.Delta;
import org.slipway.api.Problem;

/**
 * The semantic-version check. Classifies every exported package of a replaced or removed bundle (micro,
 * minor, major, removed) and checks that every bundle staying installed unchanged that is wired to such a
 * package still finds it in its import range: from the replacement, or from another exporter that stays
 * or arrives. Plain data in, plain data out: no runtime types, so the same verdict can be computed
 * offline. Stateless and thread-safe.
 */
public final class CompatibilityChecker {

    /**
     * @param transition   the feature change, for the major-inside-minor warning
     * @param installed    every bundle installed now, with its wiring
     * @param replacements each installed bundle that is updated, to the bundle replacing it
     * @param removed      the installed bundles that are uninstalled
     * @param target       every bundle of the target feature
     * @throws IllegalArgumentException when a package header of one of these bundles is malformed
     */
    public Verdict check(Transition transition, List<BundleInfo> installed, Map<BundleInfo, BundleInfo> replacements,
            List<BundleInfo> removed, List<BundleInfo> target) {
        List<PackageChange> changes = new ArrayList<>();
        Map<Long, Map<String, Version>> offers = new HashMap<>();
        replacements.forEach((old, replacement) -> classify(old, PackageHeaders.exports(replacement.exportPackage()),
                changes, offers));
        // A removed bundle's package that a bundle of the target exports (a package moved, or a bundle whose
        // symbolic name changed) is classified against that export, not as removed.
        List<PackageExport> targetExports = target.stream()
                .flatMap(b -> PackageHeaders.exports(b.exportPackage()).stream()).toList();
        removed.forEach(old -> classify(old, targetExports, changes, offers));

        Set<Long> leaving = new HashSet<>();
        replacements.keySet().forEach(b -> leaving.add(b.id()));
        removed.forEach(b -> leaving.add(b.id()));
        List<BundleInfo> staying = installed.stream().filter(b -> !leaving.contains(b.id())).toList();
        List<BundleInfo> exporters = new ArrayList<>(staying);
        exporters.addAll(target);

        List<ImportViolation> violations = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        for (BundleInfo importer : staying) {
            Map<String, PackageImport> imports = new LinkedHashMap<>();
            PackageHeaders.imports(importer.importPackage()).forEach(i -> imports.put(i.name(), i));
            for (Map.Entry<String, Long> wire : new TreeMap<>(importer.wiredTo()).entrySet()) {
                PackageImport declared = imports.get(wire.getKey());
                if (!leaving.contains(wire.getValue()) || declared == null) {
                    continue; // not affected, or wired without a declared import (dynamic): not checked
                }
                Version offered = offers.getOrDefault(wire.getValue(), Map.of()).get(declared.name());
                if (offered != null && declared.range().includes(offered) || offeredElsewhere(declared, exporters)) {
                    continue;
                }
                String offer = offered == null ? null : offered.toString();
                if (declared.optional()) {
                    warnings.add(Problem.warning("Bundle " + importer.symbolicName() + " " + importer.version()
                            + " [" + importer.id() + "] imports " + declared.name() + " " + declared.range()
                            + " optionally, but the upgrade " + (offer == null ? "removes it" : "offers " + offer)
                            + ": it will run without that package"));
                } else {
                    violations.add(new ImportViolation(importer.symbolicName(), importer.version(), importer.id(),
                            declared.name(), declared.range().toString(), offer));
                }
            }
        }
        violations.sort(Comparator.comparing(ImportViolation::importer).thenComparing(ImportViolation::packageName));
        warnings.addAll(0, releaseWarnings(transition, changes));
        return new Verdict(changes, violations, warnings);
    }

    private static void classify(BundleInfo old, List<PackageExport> newExports, List<PackageChange> changes,
            Map<Long, Map<String, Version>> offers) {
        Map<String, Version> highest = new HashMap<>();
        newExports.forEach(e -> highest.merge(e.name(), e.version(), (a, b) -> a.compareTo(b) >= 0 ? a : b));
        Map<String, Version> offered = offers.computeIfAbsent(old.id(), id -> new HashMap<>());
        for (PackageExport export : PackageHeaders.exports(old.exportPackage())) {
            Version to = highest.get(export.name());
            offered.put(export.name(), to);
            changes.add(new PackageChange(export.name(), old.symbolicName(), export.version().toString(),
                    to == null ? null : to.toString(), delta(export.version(), to)));
        }
    }

    /** @return the kind of change from {@code from} to {@code to}, by the first part that differs */
    static Delta delta(Version from, Version to) {
        if (to == null) {
            return Delta.REMOVED;
        } else if (from.major() != to.major()) {
            return Delta.MAJOR;
        } else if (from.minor() != to.minor()) {
            return Delta.MINOR;
        } else if (from.equals(to)) {
            return Delta.UNCHANGED;
        }
        return Delta.MICRO;
    }

    private static boolean offeredElsewhere(PackageImport wanted, List<BundleInfo> exporters) {
        return exporters.stream()
                .flatMap(b -> PackageHeaders.exports(b.exportPackage()).stream())
                .anyMatch(e -> e.name().equals(wanted.name()) && wanted.range().includes(e.version()));
    }

    /** A major change or a removal of a package inside a minor or micro release of the feature. */
    private static List<Problem> releaseWarnings(Transition transition, List<PackageChange> changes) {
        Version from;
        Version to;
        try {
            from = transition.from() == null ? null : Version.parse(transition.from());
            to = Version.parse(transition.to());
        } catch (IllegalArgumentException e) {
            return List.of(); // not OSGi versions: no release kind to compare with
        }
        if (from == null || from.major() != to.major() || from.equals(to)) {
            return List.of();
        }
        String release = from.minor() != to.minor() ? "a minor release" : "a micro release";
        List<Problem> warnings = new ArrayList<>();
        for (PackageChange change : changes) {
            if (change.delta() == Delta.MAJOR) {
                warnings.add(Problem.warning("Package " + change.packageName() + " goes " + change.from() + " -> "
                        + change.to() + " (major) in " + transition + ", " + release));
            } else if (change.delta() == Delta.REMOVED) {
                warnings.add(Problem.warning("Package " + change.packageName() + " " + change.from()
                        + " is removed in " + transition + ", " + release));
            }
        }
        return warnings;
    }
}
