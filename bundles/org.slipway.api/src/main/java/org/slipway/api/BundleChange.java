package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * One bundle's part in a {@link Plan}.
 *
 * @param action       what happens to the bundle
 * @param symbolicName the bundle's symbolic name
 * @param from         the installed version, or {@code null} for {@link Action#INSTALL}
 * @param to           the new version, or {@code null} for {@link Action#UNINSTALL}; for
 *                     {@link Action#REFRESH} the same as {@code from}
 * @param reason       why, in the operator's words
 */
public record BundleChange(Action action, String symbolicName, String from, String to, String reason) {

    /** What happens to a bundle. */
    public enum Action {
        INSTALL, UPDATE, UNINSTALL, REFRESH
    }

    public BundleChange {
        requireNonNull(action, "action");
        requireNonNull(symbolicName, "symbolicName");
        requireNonNull(reason, "reason");
    }
}
