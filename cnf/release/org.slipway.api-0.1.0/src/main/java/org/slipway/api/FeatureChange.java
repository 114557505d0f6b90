package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * A feature that a change installs or uninstalls besides the one it names: a dependency feature of the
 * target release that is not installed yet, or one of the running release that nothing needs any more.
 *
 * @param action  what happens to the feature
 * @param name    the feature's name
 * @param version the feature's version
 * @since 1.2
 */
public record FeatureChange(Action action, String name, String version) {

    /** What happens to a feature. */
    public enum Action {
        INSTALL, UNINSTALL
    }

    public FeatureChange {
        requireNonNull(action, "action");
        requireNonNull(name, "name");
        requireNonNull(version, "version");
    }

    /** @return {@code name/version}, as Karaf names features */
    public String id() {
        return name + "/" + version;
    }
}
