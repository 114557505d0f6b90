package org.slipway.core.internal.archive;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which configuration PIDs belong to the platform (Karaf, Felix, Pax, Aries, Equinox, SSHD, JMX access control
 * and Slipway itself), so that no application release changes them: neither through a {@code <config>}
 * element nor through a {@code .cfg}, {@code .config} or {@code .json} file in {@code etc/}. Plain Java,
 * stateless, thread-safe.
 * <p>
 * Comparisons ignore case: Karaf stores a configuration as {@code etc/PID.cfg}, and on a case-insensitive file
 * system {@code etc/ORG.APACHE.KARAF.SHELL.cfg} is the file of {@code org.apache.karaf.shell}.
 */
public final class PlatformConfiguration {

    /**
     * A PID starting with one of these is the platform's; so is the PID the prefix names without its final dot
     * ({@code org.apache.karaf}).
     */
    public static final List<String> PREFIXES = List.of("org.apache.karaf.", "org.apache.felix.", "org.ops4j.",
            "org.slipway.", "org.apache.aries.", "org.eclipse.", "org.apache.sshd.", "jmx.acl");

    /** PIDs of the platform named exactly (also covered by {@link #PREFIXES}; listed for the record). */
    public static final Set<String> PIDS = Set.of("org.apache.karaf.shell", "org.apache.karaf.features",
            "org.apache.karaf.management");

    private PlatformConfiguration() {
    }

    /**
     * @param pid a PID, or a factory configuration's name as Karaf writes it in a feature ({@code factory~alias}
     *            or {@code factory-alias}) or Felix fileinstall in a file name
     * @return whether the PID, or the factory PID it names, is the platform's
     */
    public static boolean isPlatformPid(String pid) {
        String name = requireNonNull(pid, "pid").toLowerCase(Locale.ROOT);
        return isPlatform(name) || isPlatform(factoryPid(name));
    }

    /**
     * The factory PID a configuration name stands for, read as Karaf's {@code FeatureConfigInstaller} reads it:
     * the part before the first {@code ~}, or, without one, before the first {@code -}.
     *
     * @return the factory PID, or {@code pid} itself when it names no factory configuration
     */
    public static String factoryPid(String pid) {
        requireNonNull(pid, "pid");
        int separator = pid.contains("~") ? pid.indexOf('~') : pid.indexOf('-');
        return separator > 0 ? pid.substring(0, separator) : pid;
    }

    private static boolean isPlatform(String pid) {
        if (PIDS.contains(pid)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (pid.startsWith(prefix)
                    || prefix.endsWith(".") && pid.equals(prefix.substring(0, prefix.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
