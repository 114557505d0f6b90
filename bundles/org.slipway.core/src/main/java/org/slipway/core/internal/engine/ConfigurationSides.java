package org.slipway.core.internal.engine;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The three sides of a release configuration ({@code <config>}) that a change may merge, as the runtime reads
 * them: the running release's default (base), the target release's default (theirs) and the configuration now
 * (ours), each without Config Admin's, Karaf's and fileinstall's own keys. Values are not masked: never print
 * them ({@link #toString()} does not).
 *
 * @param name    the configuration's name as the feature gives it (a PID, or {@code factoryPid~name})
 * @param feature the feature whose {@code <config>} it is, as {@code name/version}: the target's, or the running
 *                release's when the target declares none
 * @param mode    how the target declares it
 * @param base    the running release's default; {@code null} when the running release declares none
 * @param theirs  the target release's default; {@code null} when the target declares none (it drops it)
 * @param ours    the configuration now; {@code null} when there is none
 */
public record ConfigurationSides(String name, String feature, Mode mode, Map<String, String> base,
        Map<String, String> theirs, Map<String, String> ours) {

    /** How a {@code <config>} is declared. */
    public enum Mode {
        /** Neither {@code override} nor {@code append}: merged key by key. */
        MERGE,
        /** {@code override="true"}: Karaf replaces the configuration with the release's. */
        OVERRIDE,
        /** {@code append="true"}: Karaf adds the keys that are missing. */
        APPEND
    }

    public ConfigurationSides {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        base = base == null ? null : Map.copyOf(base);
        theirs = theirs == null ? null : Map.copyOf(theirs);
        ours = ours == null ? null : Map.copyOf(ours);
    }

    @Override
    public String toString() {
        return "ConfigurationSides[" + name + " of " + feature + ", " + mode + ", base keys "
                + (base == null ? "-" : base.keySet()) + ", theirs " + (theirs == null ? "-" : theirs.keySet())
                + ", ours " + (ours == null ? "-" : ours.keySet()) + "]";
    }
}
