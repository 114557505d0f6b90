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
 * @param feature      the feature that brings the bundle, as {@code name/version} (the target's for an install
 *                     or update, the installed one's for an uninstall), or {@code null} when no feature does
 *                     (a bundle refreshed because it is wired to a changed one, a bundle jar)
 * @since 1.2
 */
public record BundleChange(Action action, String symbolicName, String from, String to, String reason,
        String feature) {

    /** What happens to a bundle. */
    public enum Action {
        INSTALL, UPDATE, UNINSTALL, REFRESH
    }

    public BundleChange {
        requireNonNull(action, "action");
        requireNonNull(symbolicName, "symbolicName");
        requireNonNull(reason, "reason");
    }

    /** A change no feature brings ({@link #feature()} {@code null}). */
    public BundleChange(Action action, String symbolicName, String from, String to, String reason) {
        this(action, symbolicName, from, to, reason, null);
    }
}
