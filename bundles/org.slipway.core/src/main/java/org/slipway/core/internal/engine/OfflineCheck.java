package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pre-check of a change from one release to another without a running instance, for build tools.
 * The bundles of the release running before stand for the installed ones, wired among themselves as a
 * resolver wires them: each imported package to the highest export of another bundle of that release
 * inside the import's range; a package the release does not export comes from the platform, which the
 * change does not touch. The deployment is the one the live pre-check derives from the two bundle lists
 * ({@link FeatureDiff}), and the verdict comes from the same {@link Planner} and
 * {@link CompatibilityChecker} as a live change's. What only a running instance knows is not covered: other
 * applications' bundles wired to the release, and whether Karaf's resolver can resolve the target.
 * Stateless and thread-safe.
 */
public final class OfflineCheck {

    private final Planner planner = new Planner();

    /**
     * @param transition  the feature change: its name, the version running before, the target version
     * @param from        the bundles of the release running before (their ids and wiring are ignored)
     * @param to          the bundles of the target release (their ids and wiring are ignored)
     * @param updateRange which version changes keep a bundle's id, as Karaf's {@code bundleUpdateRange}
     * @return the plan, the import violations that would refuse the change, and its warnings
     * @throws IllegalArgumentException when a package header or version of these bundles is malformed
     */
    public Assessment check(Transition transition, List<BundleInfo> from, List<BundleInfo> to,
            UpdateRange updateRange) {
        List<BundleInfo> installed = wired(from);
        List<BundleInfo> target = to.stream().map(b -> describe(-1, b, Map.of())).toList();
        Deployment deployment = FeatureDiff.of(installed, installed, target, updateRange, Map.of());
        return planner.plan(transition, installed, deployment);
    }

    /** @return the bundles with ids 1..n in order, each import wired to its provider in the list, if any */
    static List<BundleInfo> wired(List<BundleInfo> bundles) {
        List<BundleInfo> numbered = new ArrayList<>();
        for (int i = 0; i < bundles.size(); i++) {
            numbered.add(describe(i + 1, bundles.get(i), Map.of()));
        }
        List<BundleInfo> wired = new ArrayList<>();
        for (BundleInfo importer : numbered) {
            Map<String, Long> wires = new TreeMap<>();
            for (PackageImport wanted : PackageHeaders.imports(importer.importPackage())) {
                Version best = null;
                for (BundleInfo exporter : numbered) {
                    for (PackageExport offered : PackageHeaders.exports(exporter.exportPackage())) {
                        if (offered.name().equals(wanted.name()) && wanted.range().includes(offered.version())
                                && (best == null || offered.version().compareTo(best) > 0)) {
                            best = offered.version();
                            wires.put(wanted.name(), exporter.id());
                        }
                    }
                }
            }
            wired.add(describe(importer.id(), importer, wires));
        }
        return List.copyOf(wired);
    }

    private static BundleInfo describe(long id, BundleInfo bundle, Map<String, Long> wiredTo) {
        return new BundleInfo(id, bundle.symbolicName(), bundle.version(), id < 0 ? "" : "RESOLVED",
                bundle.exportPackage(), bundle.importPackage(), wiredTo, bundle.components(), bundle.fragment());
    }
}
