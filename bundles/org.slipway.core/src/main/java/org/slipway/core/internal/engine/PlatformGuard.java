package org.slipway.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slipway.api.BundleChange;
import org.slipway.api.BundleChange.Action;
import org.slipway.api.ConfigurationChange;
import org.slipway.api.FeatureChange;
import org.slipway.api.Plan;
import org.slipway.core.internal.archive.ConfinementRules;

/**
 * Refuses an application change that would update or uninstall a platform bundle, uninstall a platform
 * feature, or write a configuration or file of the platform or outside {@code etc/} (the same rules as for
 * release archives, {@link ConfinementRules}, here for releases that come from a repository); refreshing a
 * platform bundle wired to a changed one is allowed (it keeps its revision).
 * Stateless.
 */
final class PlatformGuard {

    private PlatformGuard() {
    }

    /** @return one sentence per platform bundle or feature the plan would replace or remove; empty when none */
    static List<String> touched(Plan plan, List<BundleInfo> installed, Platform platform) {
        Set<String> platformKeys = installed.stream().filter(b -> platform.bundles().contains(b.id()))
                .map(b -> b.symbolicName() + "/" + b.version() + " [" + b.id() + "]").collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (BundleChange change : plan.bundles()) {
            if (change.action() != Action.UPDATE && change.action() != Action.UNINSTALL) {
                continue;
            }
            String prefix = change.symbolicName() + "/" + change.from() + " [";
            platformKeys.stream().filter(k -> k.startsWith(prefix)).findFirst().ifPresent(k -> problems.add(
                    "The change would " + change.action().name().toLowerCase() + " platform bundle " + k
                            + (change.feature() == null ? "" : " (through feature " + change.feature() + ")")
                            + ": an application release cannot replace, remove or upgrade the platform"));
        }
        for (ConfigurationChange change : plan.configurations()) {
            if (change.feature() != null && platform.features().contains(change.featureName())) {
                continue; // a platform feature installed as a dependency writes its own configuration
            }
            if (change.kind() == ConfigurationChange.Kind.CONFIGURATION) {
                ConfinementRules.configuration(change.target()).ifPresent(why -> problems.add(
                        "The change would write configuration " + change.target() + ", " + why));
            } else {
                ConfinementRules.file(change.target()).ifPresent(why -> problems.add("The change " + why));
            }
        }
        for (FeatureChange change : plan.features()) {
            if (change.action() == FeatureChange.Action.UNINSTALL && platform.features().contains(change.name())) {
                problems.add("The change would uninstall platform feature " + change.id()
                        + ": an application release cannot remove the platform");
            }
        }
        return problems;
    }
}
