package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slipway.api.Problem;

/**
 * Bundles of an application release that the features service starts below the application start level, as
 * Apache Camel's {@code camel-core} (50) and {@code xml-specs-api} (10) do. The distribution starts the framework
 * below the application level and raises it only after crash recovery has put an interrupted change back; such
 * bundles start before that. Slipway does not move them (Karaf's features service would set their level again at
 * its next deployment): the plan says so, once per feature. Platform features (Karaf's, Pax Web's, Slipway's)
 * start early on purpose and are not named. Stateless.
 */
final class EarlyStarts {

    private EarlyStarts() {
    }

    /** @return one warning per application feature whose bundles the change starts early; empty when none */
    static List<Problem> warnings(Deployment deployment, Platform platform) {
        Map<String, TreeSet<Integer>> levels = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        deployment.earlyStarts().forEach((key, level) -> {
            String owner = deployment.owners().getOrDefault(key, "(no feature)");
            String name = owner.contains("/") ? owner.substring(0, owner.indexOf('/')) : owner;
            if (!platform.features().contains(name)) {
                levels.computeIfAbsent(owner, k -> new TreeSet<>()).add(level);
                counts.merge(owner, 1, Integer::sum);
            }
        });
        List<Problem> warnings = new ArrayList<>();
        levels.forEach((owner, at) -> warnings.add(Problem.warning(owner + " starts " + counts.get(owner)
                + (counts.get(owner) == 1 ? " bundle" : " bundles") + " at start level "
                + String.join(", ", at.stream().map(String::valueOf).toList())
                + ", below the application level: after a stop in the middle of this change they start before crash"
                + " recovery has put the running release back")));
        return warnings;
    }
}
