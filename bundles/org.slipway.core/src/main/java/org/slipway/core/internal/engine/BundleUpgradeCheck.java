package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slipway.api.Plan;
import org.slipway.api.Problem;
import org.slipway.api.UpgradeRefusedException;

/**
 * The pre-checks of a bundle jar upgrade, in order: exactly one bundle of that symbolic name is installed,
 * the jar's version is not lower, its own mandatory imports are exported by a staying bundle (or itself),
 * and every staying importer accepts the jar's exports (the same
 * {@link Planner} and compatibility check as a feature upgrade). Changes nothing.
 *
 * @param installed the bundle the jar replaces
 * @param plan      the plan; empty when the jar's version is the installed one
 */
record BundleUpgradeCheck(BundleInfo installed, Plan plan) {

    static BundleUpgradeCheck check(ReleaseRuntime runtime, BundleInfo jar) throws UpgradeRefusedException {
        String name = jar.symbolicName();
        List<BundleInfo> all = runtime.installedBundles();
        List<BundleInfo> same = all.stream().filter(b -> b.symbolicName().equals(name)).toList();
        if (same.isEmpty()) {
            throw refused(jar, "No bundle " + name + " is installed: a bundle jar upgrades an installed bundle; "
                    + "new bundles arrive in release archives");
        }
        if (same.size() > 1) {
            throw refused(jar, same.size() + " bundles " + name + " are installed (" + same.stream()
                    .map(BundleInfo::version).collect(Collectors.joining(", ")) + "): a bundle jar cannot tell "
                    + "which one to upgrade");
        }
        BundleInfo installed = same.get(0);
        if (runtime.platform().bundles().contains(installed.id())) {
            throw refused(jar, "Bundle " + name + " " + installed.version() + " [" + installed.id() + "] is part of "
                    + "the platform (Felix, Karaf, Slipway or what they depend on): a bundle jar cannot replace it");
        }
        int order = Version.parse(jar.version()).compareTo(Version.parse(installed.version()));
        if (order == 0) {
            return new BundleUpgradeCheck(installed, new Plan(name, installed.version(), installed.version(),
                    List.of(), List.of(), List.of(), List.of(), false));
        }
        if (order < 0) {
            throw refused(jar, "Bundle " + name + " " + jar.version() + " is older than the installed "
                    + installed.version() + ": a bundle jar only upgrades");
        }
        List<String> unresolved = unresolvedImports(jar, installed, all);
        if (!unresolved.isEmpty()) {
            throw refused(jar, "Bundle " + name + " " + jar.version() + " imports " + String.join(", ", unresolved)
                    + ", which no installed bundle exports");
        }
        Deployment inPlace = new Deployment(List.of(), Map.of(installed.key(), jar), List.of(), List.of(), Map.of(),
                Map.of(), Set.of(), List.of());
        Assessment assessment = new Planner().plan(new Transition(name, installed.version(), jar.version()), all,
                inPlace);
        if (!assessment.violations().isEmpty()) {
            throw new UpgradeRefusedException(name, jar.version(), assessment.problems());
        }
        return new BundleUpgradeCheck(installed, assessment.plan());
    }

    /** @return the jar's mandatory imports that neither it nor a staying bundle exports, as {@code name range} */
    private static List<String> unresolvedImports(BundleInfo jar, BundleInfo replaced, List<BundleInfo> all) {
        List<PackageExport> offered = new ArrayList<>(PackageHeaders.exports(jar.exportPackage()));
        all.stream().filter(b -> b.id() != replaced.id())
                .forEach(b -> offered.addAll(PackageHeaders.exports(b.exportPackage())));
        return PackageHeaders.imports(jar.importPackage()).stream()
                .filter(i -> !i.optional())
                .filter(i -> offered.stream().noneMatch(e -> e.name().equals(i.name()) && i.range().includes(e.version())))
                .map(i -> i.name() + " " + i.range())
                .toList();
    }

    private static UpgradeRefusedException refused(BundleInfo jar, String message) {
        return new UpgradeRefusedException(jar.symbolicName(), jar.version(), List.of(Problem.error(message)));
    }
}
