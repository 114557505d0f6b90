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
 * Turns the features service's simulated {@link Deployment} into a plan: every bundle it updates (in place,
 * or reinstalled when it uninstalls and installs the same symbolic name), installs, uninstalls and
 * refreshes — through dependency features too — each with the feature that brings it and a reason, the
 * Declarative Services components they carry (the blast radius), and what verification must then find
 * running. Runs the {@link CompatibilityChecker} over that whole set. Changes nothing; stateless and
 * thread-safe.
 */
public final class Planner {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    /**
     * @param transition the change the operator asked for
     * @param installed  every bundle installed now, with its wiring
     * @param deployment what the features service would do, from its dry run
     * @throws IllegalArgumentException when a package header of one of these bundles is malformed, or the
     *         deployment names a bundle that is not installed
     */
    public Assessment plan(Transition transition, List<BundleInfo> installed, Deployment deployment) {
        Map<String, BundleInfo> installedByKey = new HashMap<>();
        installed.forEach(b -> installedByKey.putIfAbsent(b.key(), b));
        Map<BundleInfo, BundleInfo> replacements = new LinkedHashMap<>();
        new TreeMap<>(deployment.updates()).forEach((key, next) -> replacements.put(installed(installedByKey, key), next));
        Set<BundleInfo> inPlace = new LinkedHashSet<>(replacements.keySet());
        List<BundleInfo> removed = new ArrayList<>();
        deployment.uninstalls().stream().sorted().forEach(key -> removed.add(installed(installedByKey, key)));
        List<BundleInfo> arriving = new ArrayList<>(deployment.installs());
        for (BundleInfo old : List.copyOf(removed)) { // uninstalled and installed again: a reinstall
            arriving.stream().filter(a -> a.symbolicName().equals(old.symbolicName())).findFirst().ifPresent(a -> {
                removed.remove(old);
                arriving.remove(a);
                replacements.put(old, a);
            });
        }

        Owners owners = new Owners(transition, deployment.owners());
        List<BundleChange> changes = new ArrayList<>();
        Set<String> components = new LinkedHashSet<>();
        replacements.forEach((old, next) -> {
            changes.add(new BundleChange(Action.UPDATE, old.symbolicName(), old.version(), next.version(),
                    owners.change(next) + (inPlace.contains(old) ? ", in place"
                            : ", reinstalled with a new bundle id (outside bundleUpdateRange)"), owners.of(next)));
            addComponents(components, old);
            addComponents(components, next);
        });
        for (BundleInfo bundle : arriving) {
            changes.add(new BundleChange(Action.INSTALL, bundle.symbolicName(), null, bundle.version(),
                    "new in " + owners.release(bundle), owners.of(bundle)));
            addComponents(components, bundle);
        }
        for (BundleInfo bundle : removed) {
            changes.add(new BundleChange(Action.UNINSTALL, bundle.symbolicName(), bundle.version(), null,
                    "not in " + transition.feature() + " " + transition.to(), owners.of(bundle)));
            addComponents(components, bundle);
        }
        Map<BundleInfo, String> refreshes = refreshes(installed, replacements, removed);
        deployment.refreshes().forEach((key, reason) -> {
            BundleInfo bundle = installedByKey.get(key);
            if (bundle != null && !replacements.containsKey(bundle) && !removed.contains(bundle)) {
                refreshes.putIfAbsent(bundle, reason);
            }
        });
        refreshes.forEach((bundle, reason) -> {
            changes.add(new BundleChange(Action.REFRESH, bundle.symbolicName(), bundle.version(), bundle.version(),
                    reason, owners.of(bundle)));
            addComponents(components, bundle);
        });
        changes.sort(Comparator.comparing(BundleChange::action).thenComparing(BundleChange::symbolicName));

        List<BundleInfo> target = new ArrayList<>(replacements.values());
        target.addAll(arriving);
        Verdict verdict = checker.check(transition, installed, replacements, removed, target);
        Plan plan = new Plan(transition.feature(), transition.from(), transition.to(), changes, verdict.packages(),
                List.copyOf(components), verdict.warnings(), false, deployment.features(),
                deployment.configurations());
        return new Assessment(plan, verdict.violations(),
                Expectations.of(replacements, arriving, removed, refreshes.keySet(), deployment.notStarted()));
    }

    private static BundleInfo installed(Map<String, BundleInfo> installedByKey, String key) {
        BundleInfo bundle = installedByKey.get(key);
        if (bundle == null) {
            throw new IllegalArgumentException("The features service plans to change bundle " + key
                    + ", which is not installed");
        }
        return bundle;
    }

    /** Who brings a bundle, and how the plan names that release. */
    private record Owners(Transition transition, Map<String, String> byKey) {

        String of(BundleInfo bundle) {
            return byKey.get(bundle.key());
        }

        /** @return e.g. {@code greeter 1.0.0 -> 1.1.0}, or the dependency feature that brings the bundle */
        String change(BundleInfo bundle) {
            return requested(bundle) ? transition.toString() : dependency(bundle);
        }

        /** @return e.g. {@code greeter 1.1.0}, or the dependency feature that brings the bundle */
        String release(BundleInfo bundle) {
            return requested(bundle) ? transition.feature() + " " + transition.to() : dependency(bundle);
        }

        private boolean requested(BundleInfo bundle) {
            String owner = of(bundle);
            return owner == null || owner.equals(transition.feature() + "/" + transition.to());
        }

        private String dependency(BundleInfo bundle) {
            return "feature " + of(bundle).replace('/', ' ') + " (a dependency of " + transition.feature() + " "
                    + transition.to() + ")";
        }
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
