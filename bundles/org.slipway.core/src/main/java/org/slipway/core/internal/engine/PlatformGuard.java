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
import org.slipway.core.internal.archive.PlatformConfiguration;

/**
 * Refuses an application change that would update or uninstall a platform bundle, uninstall a platform
 * feature, or write a configuration or file of the platform or outside {@code etc/} (the same rules as for
 * release archives, {@link ConfinementRules}, here for releases that come from a repository); refreshing a
 * platform bundle wired to a changed one is allowed (it keeps its revision).
 * Stateless.
 */
final class PlatformGuard {

    /** What to do instead, after a refused configuration or file. */
    static final String INSTEAD = ". Remove it from the feature and let the administrator set it in etc/";

    private PlatformGuard() {
    }

    /**
     * An application's JMX access control for its own domain is the application's, in a release from a
     * repository (which an administrator added): {@code jmx.acl.<domain>} when a bundle the same feature installs
     * or updates is named {@code <domain>} or {@code <domain>.*}. Release archives, which anyone with the deploy
     * folder can drop, stay refused ({@code ReleaseConfinement}).
     */
    private static boolean ownJmxAcl(ConfigurationChange change, Plan plan) {
        return change.feature() != null && PlatformConfiguration.applicationJmxDomain(change.target())
                .filter(domain -> plan.bundles().stream()
                        .filter(b -> change.feature().equals(b.feature()))
                        .filter(b -> b.action() == Action.INSTALL || b.action() == Action.UPDATE)
                        .map(b -> b.symbolicName().toLowerCase(java.util.Locale.ROOT))
                        .anyMatch(name -> name.equals(domain) || name.startsWith(domain + ".")))
                .isPresent();
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
            if (change.action() == ConfigurationChange.Action.KEEP) {
                continue; // the features service leaves it as it is (or it already holds these values)
            }
            if (change.kind() == ConfigurationChange.Kind.CONFIGURATION) {
                if (ownJmxAcl(change, plan)) {
                    continue;
                }
                ConfinementRules.configuration(change.target()).ifPresent(why -> problems.add(
                        "The change would write configuration " + change.target() + ", " + why + INSTEAD));
            } else {
                ConfinementRules.file(change.target()).ifPresent(why -> problems.add("The change " + why + INSTEAD));
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
