package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slipway.api.BundleChange;
import org.slipway.api.BundleChange.Action;
import org.slipway.api.Plan;

/**
 * Diffs the installed state against a target feature version: bundles to update (same symbolic name,
 * other version, owned by the installed feature version), install, uninstall and refresh, each with a
 * reason, and the Declarative Services components they carry (the blast radius). Runs the
 * {@link CompatibilityChecker} on the result. Changes nothing; stateless and thread-safe.
 */
public final class Planner {

    private final UpdateRange updateRange;

    /** @param updateRange Karaf's bundleUpdateRange, to tell in-place updates from reinstalls */
    public Planner(UpdateRange updateRange) {
        this.updateRange = updateRange;
    }

    private final CompatibilityChecker checker = new CompatibilityChecker();

    /**
     * @param transition the feature change
     * @param installed  every bundle installed now, with its wiring
     * @param current    the bundles of the installed feature version ({@code featureBundles(feature, from)}),
     *                   empty when the feature is not installed; matched to installed bundles by
     *                   symbolic name and version
     * @param target     the bundles of the target feature version
     * @throws IllegalArgumentException when a package header of one of these bundles is malformed
     */
    public Assessment plan(Transition transition, List<BundleInfo> installed, List<BundleInfo> current,
            List<BundleInfo> target) {
        Map<String, BundleInfo> installedByKey = new HashMap<>();
        installed.forEach(b -> installedByKey.putIfAbsent(b.key(), b));
        List<BundleInfo> owned = new ArrayList<>();
        current.stream().map(b -> installedByKey.get(b.key())).filter(b -> b != null && !owned.contains(b))
                .forEach(owned::add);

        Map<BundleInfo, BundleInfo> replacements = new LinkedHashMap<>();
        List<BundleInfo> arriving = new ArrayList<>();
        List<BundleInfo> removed = new ArrayList<>(owned);
        for (BundleInfo wanted : target) {
            BundleInfo same = installedByKey.get(wanted.key());
            if (same != null) {
                removed.remove(same); // stays as it is
                continue;
            }
            BundleInfo old = removed.stream().filter(b -> b.symbolicName().equals(wanted.symbolicName())
                    && !target.stream().anyMatch(t -> t.key().equals(b.key()))).findFirst().orElse(null);
            if (old != null) {
                removed.remove(old);
                replacements.put(old, wanted);
            } else {
                arriving.add(wanted);
            }
        }

        List<BundleChange> changes = new ArrayList<>();
        Set<String> components = new LinkedHashSet<>();
        String targetRelease = transition.feature() + " " + transition.to();
        replacements.forEach((old, replacement) -> {
            changes.add(new BundleChange(Action.UPDATE, old.symbolicName(), old.version(), replacement.version(),
                    transition + (updateRange.inPlace(Version.parse(old.version()), Version.parse(replacement.version()))
                            ? ", in place" : ", reinstalled with a new bundle id (outside bundleUpdateRange "
                                    + updateRange + ")")));
            addComponents(components, old);
            addComponents(components, replacement);
        });
        for (BundleInfo bundle : arriving) {
            changes.add(new BundleChange(Action.INSTALL, bundle.symbolicName(), null, bundle.version(),
                    "new in " + targetRelease));
            addComponents(components, bundle);
        }
        for (BundleInfo bundle : removed) {
            changes.add(new BundleChange(Action.UNINSTALL, bundle.symbolicName(), bundle.version(), null,
                    "not in " + targetRelease));
            addComponents(components, bundle);
        }
        for (Map.Entry<BundleInfo, String> refresh : refreshes(installed, replacements, removed).entrySet()) {
            BundleInfo bundle = refresh.getKey();
            changes.add(new BundleChange(Action.REFRESH, bundle.symbolicName(), bundle.version(), bundle.version(),
                    refresh.getValue()));
            addComponents(components, bundle);
        }
        changes.sort(Comparator.comparing(BundleChange::action).thenComparing(BundleChange::symbolicName));

        Verdict verdict = checker.check(transition, installed, replacements, removed, target);
        Plan plan = new Plan(transition.feature(), transition.from(), transition.to(), changes, verdict.packages(),
                List.copyOf(components), verdict.warnings(), false);
        return new Assessment(plan, verdict.violations());
    }

    /**
     * The bundles that stay but must be refreshed because they are wired, directly or through other
     * refreshed bundles, to a package of an updated or uninstalled bundle; each with its reason.
     */
    private static Map<BundleInfo, String> refreshes(List<BundleInfo> installed,
            Map<BundleInfo, BundleInfo> replacements, List<BundleInfo> removed) {
        Map<Long, BundleInfo> byId = new HashMap<>();
        installed.forEach(b -> byId.put(b.id(), b));
        Map<Long, String> affected = new HashMap<>(); // bundle id -> what happens to it
        replacements.keySet().forEach(b -> affected.put(b.id(), "updated"));
        removed.forEach(b -> affected.put(b.id(), "uninstalled"));
        Map<BundleInfo, String> refreshes = new LinkedHashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (BundleInfo bundle : installed) {
                if (affected.containsKey(bundle.id())) {
                    continue;
                }
                for (Map.Entry<String, Long> wire : new TreeMap<>(bundle.wiredTo()).entrySet()) {
                    String what = affected.get(wire.getValue());
                    BundleInfo exporter = byId.get(wire.getValue());
                    if (what != null && exporter != null) {
                        refreshes.put(bundle, "wired to package " + wire.getKey() + " of " + exporter.symbolicName()
                                + " " + exporter.version() + ", which is " + what);
                        affected.put(bundle.id(), "refreshed");
                        grew = true;
                        break;
                    }
                }
            }
        }
        return refreshes;
    }

    private static void addComponents(Set<String> components, BundleInfo bundle) {
        bundle.components().forEach(c -> components.add(bundle.symbolicName() + "/" + c));
    }
}
