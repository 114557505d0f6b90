package org.slipway.api;

import static java.util.Objects.requireNonNull;

/**
 * One key of a running release's configuration as its code receives it ({@code release:config}): the effective
 * value and where it comes from, next to the release's default. Values of secret-looking keys are masked; a
 * {@code $[secret:NAME]} or {@code $[env:NAME]} reference is shown as the reference, never expanded.
 *
 * @param configuration the configuration's name as the release gives it (a PID, or {@code factoryPid~name})
 * @param key           the key
 * @param value         the effective value, masked if secret; {@code null} when the configuration does not hold
 *                      the key (or does not exist)
 * @param source        where the effective value comes from
 * @param releaseDefault the release's default for the key, masked if secret; {@code null} when it declares none
 * @param differs       whether the effective value differs from the release's default
 */
public record ConfigurationValue(String configuration, String key, String value, Source source,
        String releaseDefault, boolean differs) {

    /** Where an effective value comes from, weakest first: each one overrides those before it. */
    public enum Source {
        /** The release's {@code <config>} default, as the features service wrote it. */
        RELEASE,
        /** Changed in Config Admin or etc/ by the operator (or by anything but the release). */
        OPERATOR,
        /** The environment's overlay, {@code etc/env/NAME/<pid>.cfg}. */
        ENVIRONMENT,
        /** The process environment ({@code PID_KEY}) or a system property ({@code pid.key}), by Karaf's rule. */
        PROCESS
    }

    public ConfigurationValue {
        requireNonNull(configuration, "configuration");
        requireNonNull(key, "key");
        requireNonNull(source, "source");
    }
}
