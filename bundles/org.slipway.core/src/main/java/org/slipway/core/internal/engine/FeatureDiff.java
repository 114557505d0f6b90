package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deployment derived from feature bundle lists alone, without the resolver: installed bundles of the
 * running release with the symbolic name of a target bundle are updated (in place when the update range
 * allows, else reinstalled), the target's other bundles installed, the running release's other bundles
 * uninstalled. What the pre-checks fall back to, to name the importers a change breaks, when the features
 * service's own dry run cannot resolve the target at all. Stateless.
 */
final class FeatureDiff {

    private FeatureDiff() {
    }

    /**
     * @param installed   every bundle installed now
     * @param current     the bundles of the running release (described; matched to installed ones by key)
     * @param target      the bundles of the target release (described)
     * @param updateRange which version changes keep a bundle's id
     * @param owners      for each target or current bundle key, the feature that brings it
     */
    static Deployment of(List<BundleInfo> installed, List<BundleInfo> current, List<BundleInfo> target,
            UpdateRange updateRange, Map<String, String> owners) {
        Map<String, BundleInfo> installedByKey = new HashMap<>();
        installed.forEach(b -> installedByKey.putIfAbsent(b.key(), b));
        List<BundleInfo> removed = new ArrayList<>();
        current.stream().map(b -> installedByKey.get(b.key())).filter(b -> b != null && !removed.contains(b))
                .forEach(removed::add);
        Map<String, BundleInfo> updates = new LinkedHashMap<>();
        List<BundleInfo> installs = new ArrayList<>();
        List<String> uninstalls = new ArrayList<>();
        for (BundleInfo wanted : target) {
            BundleInfo same = installedByKey.get(wanted.key());
            if (same != null) {
                removed.remove(same); // stays as it is
                continue;
            }
            BundleInfo old = removed.stream().filter(b -> b.symbolicName().equals(wanted.symbolicName())
                    && target.stream().noneMatch(t -> t.key().equals(b.key()))).findFirst().orElse(null);
            if (old == null) {
                installs.add(wanted);
            } else if (updateRange.inPlace(Version.parse(old.version()), Version.parse(wanted.version()))) {
                removed.remove(old);
                updates.put(old.key(), wanted);
            } else {
                removed.remove(old);
                uninstalls.add(old.key());
                installs.add(wanted);
            }
        }
        removed.forEach(b -> uninstalls.add(b.key()));
        return new Deployment(List.of(), updates, installs, uninstalls, Map.of(), owners, Set.of(), List.of());
    }
}
